using System.Text;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Kafka;
using EventStreams.Grains.Interfaces.Topics;
using EventStreams.Grains.Kafka;
using EventStreams.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EventStreams.Grains.Tests.Topics;

public sealed class TopicGrainTests(TopicClusterFixture fixture) : IClassFixture<TopicClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private string SiloAddress => fixture.SiloServices.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    [Fact]
    public async Task Cluster_Starts_AndAnswersAGrainCall()
    {
        var status = await Grains.GetGrain<ITopicGrain>(0, "never-subscribed").GetStatus();
        Assert.Equal(new TopicPartitionStatus("never-subscribed", 0, 0, false, -1, 0, 0, -1, -1, 0, SiloAddress), status);
    }

    [Fact]
    public void Serializer_EveryBoundaryType_RoundTrips()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var batch = new EventBatch("t", 1, 4, [new EncodedEvent(5, 1700000000000, "{}"u8.ToArray())], 7);
        var copy = serializer.Deserialize<EventBatch>(serializer.SerializeToArray(batch))!;
        Assert.Equal(("t", 1, 4L, 5L, 1700000000000L, 7L), (copy.Topic, copy.Partition, copy.FromOffset, copy.Events[0].Offset, copy.Events[0].Timestamp, copy.NextOffset));
        Assert.Equal("{}"u8.ToArray(), copy.Events[0].Data);

        var catalog = new StreamCatalog(2, [
            new StreamDefinition("s", ["a"], ["a", "b"], "d", "x", "title", SchemaJson: """{"type":"object"}"""),
            new StreamDefinition("t", ["a"], ["a"], "d", null, null)]);
        var catalogCopy = serializer.Deserialize<StreamCatalog>(serializer.SerializeToArray(catalog))!;
        Assert.Equal(catalog.Version, catalogCopy.Version);
        for (var i = 0; i < catalog.Streams.Length; i++)
        {
            Assert.Equal(catalog.Streams[i].TopicsAllowed, catalogCopy.Streams[i].TopicsAllowed);
            Assert.Equal(catalog.Streams[i] with { Topics = catalogCopy.Streams[i].Topics, TopicsAllowed = catalogCopy.Streams[i].TopicsAllowed }, catalogCopy.Streams[i]);
        }

        var partitions = serializer.Deserialize<TopicPartitions>(serializer.SerializeToArray(new TopicPartitions("t", 3)));
        Assert.Equal(new TopicPartitions("t", 3), partitions);
        Assert.Equal(new Subscription(3, true, 9), serializer.Deserialize<Subscription>(serializer.SerializeToArray(new Subscription(3, true, 9))));
        Assert.Equal(new StartRequest(4, 5), serializer.Deserialize<StartRequest>(serializer.SerializeToArray(new StartRequest(4, 5))));
        var status = new TopicPartitionStatus("t", 1, 2, true, 3, 4, 5, 6, 7, 8.5, "127.0.0.1:11111@1");
        Assert.Equal(status, serializer.Deserialize<TopicPartitionStatus>(serializer.SerializeToArray(status)));
    }

    [Fact]
    public async Task Subscribe_ThenProduce_ObserverGetsDecodedEventsInOffsetOrder()
    {
        var topic = fixture.Kafka.CreateTopic("grain");
        var observer = new RecordingObserver();
        var reference = Grains.CreateObjectReference<ITopicObserver>(observer);
        var grain = Grains.GetGrain<ITopicGrain>(0, topic);

        var subscription = await grain.Subscribe(reference, -1);
        for (var i = 0; i < 10; i++)
        {
            await fixture.Kafka.ProduceAsync(topic, 0, $$"""{"n":{{i}}}""");
        }
        await fixture.Kafka.ProduceAsync(topic, 0, "not json");
        await fixture.Kafka.ProduceAsync(topic, 0, """{"n":10}""");

        var events = await Eventually.GetAsync(() => Task.FromResult(observer.Events), e => e.Count >= 11, "11 events");
        Assert.Equal(new Subscription(0, false), subscription);
        var renewed = await grain.Subscribe(reference, 12);
        Assert.Equal((12L, true), (renewed.FromOffset, renewed.Continued));
        // The timestamp of message 11, so a feed that has delivered nothing can still name an exact position.
        Assert.NotNull(renewed.PreviousTimestamp);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11], events.Select(e => e.Offset));
        Assert.Equal($$$"""{"n":3,"meta":{"topic":"{{{topic}}}","partition":0,"offset":3}}""", Encoding.UTF8.GetString(events[3].Data));
        var status = await grain.GetStatus();
        Assert.Equal((1, true, 12L, 11L, 1L), (status.Subscribers, status.Consuming, status.NextOffset, status.EventsDelivered, status.EventsSkipped));
    }

    [Fact]
    public async Task GetStatus_AfterProducing_ReportsRateWatermarkLagAndSilo()
    {
        var topic = fixture.Kafka.CreateTopic("status");
        var observer = new RecordingObserver();
        var grain = Grains.GetGrain<ITopicGrain>(0, topic);
        await grain.Subscribe(Grains.CreateObjectReference<ITopicObserver>(observer), -1);
        for (var i = 0; i < 5; i++)
        {
            await fixture.Kafka.ProduceAsync(topic, 0, $$"""{"n":{{i}}}""");
        }
        await Eventually.GetAsync(() => Task.FromResult(observer.Events.Count), n => n == 5, "5 events");

        // The consumer samples the high watermark every TopicGrain:MetricsInterval (short in this fixture).
        var status = await Eventually.GetAsync(grain.GetStatus, s => s.HighWatermark == 5, "a sample of the new high watermark");

        Assert.True(status.EventsPerSecond > 0, $"events/s was {status.EventsPerSecond}");
        Assert.Equal((5L, 5L, 0L), (status.NextOffset, status.EventsDelivered, status.Lag));
        Assert.Equal(SiloAddress, status.Silo);
    }

    [Fact]
    public async Task OnEvents_GatewayNeverAnswers_DroppedAfterTheDeliveryTimeoutOthersKeepTheirEvents()
    {
        var topic = fixture.Kafka.CreateTopic("stuck");
        var grain = Grains.GetGrain<ITopicGrain>(0, topic);
        var stuck = new StuckObserver();
        var live = new RecordingObserver();
        await grain.Subscribe(Grains.CreateObjectReference<ITopicObserver>(stuck), -1);
        await grain.Subscribe(Grains.CreateObjectReference<ITopicObserver>(live), -1);

        await fixture.Kafka.ProduceAsync(topic, 0, """{"n":1}""");
        await fixture.Kafka.ProduceAsync(topic, 0, """{"n":2}""");

        // The stuck gateway is given up (its silo died, say): it would otherwise get nothing for 30 s.
        await Eventually.GetAsync(grain.GetStatus, s => s.Subscribers == 1, "the stuck gateway to be dropped");
        await Eventually.GetAsync(() => Task.FromResult(live.Events.Count), n => n == 2, "both events at the live gateway");
    }

    /// <summary>A gateway whose calls never return, as when the silo it is connected through died.</summary>
    private sealed class StuckObserver : ITopicObserver
    {
        public Task OnEvents(EventBatch batch) => new TaskCompletionSource().Task;
    }

    [Fact]
    public async Task Subscribe_ManyObserversOnePartition_OneKafkaConsumer()
    {
        var topic = fixture.Kafka.CreateTopic("shared");
        var observers = Enumerable.Range(0, 5).Select(_ => new RecordingObserver()).ToArray();
        var grain = Grains.GetGrain<ITopicGrain>(0, topic);
        foreach (var o in observers)
        {
            await grain.Subscribe(Grains.CreateObjectReference<ITopicObserver>(o), -1);
        }
        await fixture.Kafka.ProduceAsync(topic, 0, """{"x":1}""");

        foreach (var o in observers)
        {
            await Eventually.GetAsync(() => Task.FromResult(o.Events.Count), n => n == 1, "one event per observer");
        }
        Assert.Equal(1, fixture.SiloServices.GetRequiredService<KafkaConsumerTracker>().OpenFor(topic, 0));
    }

    [Fact]
    public async Task Unsubscribe_LastObserver_ConsumerStopsAfterGracePeriod()
    {
        var topic = fixture.Kafka.CreateTopic("idle");
        var reference = Grains.CreateObjectReference<ITopicObserver>(new RecordingObserver());
        var grain = Grains.GetGrain<ITopicGrain>(0, topic);
        await grain.Subscribe(reference, -1);
        var tracker = fixture.SiloServices.GetRequiredService<KafkaConsumerTracker>();
        Assert.Equal(1, tracker.OpenFor(topic, 0));

        await grain.Unsubscribe(reference);

        await Eventually.GetAsync(() => Task.FromResult(tracker.OpenFor(topic, 0)), n => n == 0, "the idle consumer to close");
    }

    [Fact]
    public async Task GetPartitions_KnownAndUnknownTopics_CountsOrZero()
    {
        var topic = fixture.Kafka.CreateTopic("meta", partitions: 3);
        var result = await Grains.GetGrain<ITopicMetadataGrain>(0).GetPartitions([topic, "does-not-exist"]);
        Assert.Equal([new TopicPartitions(topic, 3), new TopicPartitions("does-not-exist", 0)], result);
    }
}
