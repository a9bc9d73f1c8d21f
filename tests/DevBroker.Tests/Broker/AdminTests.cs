using Confluent.Kafka;
using Confluent.Kafka.Admin;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>CreateTopics and DeleteTopics through Confluent.Kafka's AdminClient.</summary>
public sealed class AdminTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public async Task CreateTopicsAsync_NewTopic_AppearsInMetadataWithRequestedPartitions()
    {
        var topic = KafkaClients.UniqueTopic("admin-create");
        using var admin = CreateAdmin();

        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 4, ReplicationFactor = 1 }]);

        var metadata = admin.GetMetadata(topic, KafkaClients.Patience);
        var described = Assert.Single(metadata.Topics);
        Assert.Equal(ErrorCode.NoError, described.Error.Code);
        Assert.Equal(4, described.Partitions.Count);
        Assert.All(described.Partitions, p => Assert.Equal(metadata.Brokers.Single().BrokerId, p.Leader));
    }

    [Fact]
    public async Task CreateTopicsAsync_ExistingTopic_FailsWithTopicAlreadyExists()
    {
        var topic = KafkaClients.UniqueTopic("admin-dup");
        fixture.Broker.CreateTopic(topic, 1);
        using var admin = CreateAdmin();

        var error = await Assert.ThrowsAsync<CreateTopicsException>(
            () => admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]));

        Assert.Equal(ErrorCode.TopicAlreadyExists, Assert.Single(error.Results).Error.Code);
    }

    [Fact]
    public async Task CreateTopicsAsync_ReplicationFactorAboveOne_FailsWithInvalidReplicationFactor()
    {
        using var admin = CreateAdmin();

        var error = await Assert.ThrowsAsync<CreateTopicsException>(
            () => admin.CreateTopicsAsync([new TopicSpecification { Name = KafkaClients.UniqueTopic("admin-rf"), NumPartitions = 1, ReplicationFactor = 3 }]));

        Assert.Equal(ErrorCode.InvalidReplicationFactor, Assert.Single(error.Results).Error.Code);
    }

    [Fact]
    public async Task DeleteTopicsAsync_ExistingTopic_RemovesItFromMetadata()
    {
        var topic = KafkaClients.UniqueTopic("admin-delete");
        fixture.Broker.CreateTopic(topic, 2);
        using var admin = CreateAdmin();

        await admin.DeleteTopicsAsync([topic]);

        var described = Assert.Single(admin.GetMetadata(topic, KafkaClients.Patience).Topics);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, described.Error.Code);
    }

    [Fact]
    public async Task DeleteTopicsAsync_UnknownTopic_FailsWithUnknownTopicOrPartition()
    {
        using var admin = CreateAdmin();

        var error = await Assert.ThrowsAsync<DeleteTopicsException>(
            () => admin.DeleteTopicsAsync([KafkaClients.UniqueTopic("admin-missing")]));

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(error.Results).Error.Code);
    }

    private IAdminClient CreateAdmin() =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();
}
