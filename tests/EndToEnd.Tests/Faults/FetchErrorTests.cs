using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using EventStreams.Tools.KafkaMock;
using Xunit.Abstractions;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>The leader of partition 0 answers a run of Fetch requests with an error.</summary>
[Collection(BrokerFaultCollection.Name)]
public sealed class FetchErrorTests(BrokerFaultsFixture host, ITestOutputHelper output) : IClassFixture<BrokerFaultsFixture>
{
    private static readonly TimeSpan Healthy = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AfterErrors = TimeSpan.FromSeconds(2);
    private const int RetriableErrorCount = 10;

    // Fetches come every fetch.wait.max.ms (10 ms) or after a back-off: 500 ms for most errors, but
    // ten times fetch.error.backoff.ms (5 s) after an authorization failure, which librdkafka
    // expects to need an operator. Room for two of those.
    private static readonly TimeSpan ErrorsAnsweredDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Stream_RetriableFetchErrors_EveryEventOnceInOrder()
    {
        // What a broker answers during a leader election or when overloaded; librdkafka refreshes
        // metadata (6) or backs off and reports the error (7), and fetches from the same offset.
        // Ten, because the broker's idle history readers (still assigned after a read) fetch from
        // it too and take their share.
        await RunWithFetchErrorsAsync([.. Enumerable.Range(0, RetriableErrorCount).Select(i => i % 2 == 0 ? ErrorCode.NotLeaderForPartition : ErrorCode.RequestTimedOut)]);
    }

    [Fact]
    public async Task Stream_TopicAuthorizationFailedOnFetch_EveryEventOnceInOrderAfterwards()
    {
        // Not retriable for Kafka (an ACL change): librdkafka hands it to the consumer as an error
        // and retries after a 5 s back-off each; once the broker serves again nothing may be missing.
        await RunWithFetchErrorsAsync(ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);
    }

    private async Task RunWithFetchErrorsAsync(params ErrorCode[] errors)
    {
        var leader = BrokerFaultsFixture.InitialLeader(0);
        await using var run = await FaultRun.StartAsync(host, output);
        await Task.Delay(Healthy);

        host.Cluster.PushBrokerRequestErrors(leader, MockApiKey.Fetch, errors);
        await run.WaitUntilAsync(() => host.Cluster.BrokerErrorsPending(leader, MockApiKey.Fetch) == 0,
            $"broker {leader} answered its {errors.Length} Fetch errors", ErrorsAnsweredDeadline);
        await Task.Delay(AfterErrors);
        await run.FinishAsync();
    }
}
