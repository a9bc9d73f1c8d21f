using EventStreams.Grains.Config;
using EventStreams.Grains.Events;
using EventStreams.Hosting;
using EventStreams.Grains.Kafka;
using EventStreams.Grains.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace EventStreams.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>Everything the grains need on a silo: options (validated at start), Kafka clients, decoder.</summary>
    public static IServiceCollection AddEventStreamsGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<KafkaOptions>(configuration, KafkaOptions.SectionName);
        services.AddValidatedOptions<TopicGrainOptions>(configuration, TopicGrainOptions.SectionName);
        services.AddValidatedOptions<StreamConfigOptions>(configuration, StreamConfigOptions.SectionName);
        services.AddValidatedOptions<RedactionOptions>(configuration, RedactionOptions.SectionName);
        services.AddSingleton<KafkaClientFactory>();
        services.AddSingleton<KafkaConsumerTracker>();
        services.AddSingleton<PartitionConsumerFactory>();
        services.AddPlacementDirector<PartitionSpreadPlacement, PartitionSpreadPlacementDirector>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IKafkaMetadataSource, AdminClientMetadataSource>();
        services.AddSingleton<KafkaMetadataCache>();
        services.AddSingleton<PageRedactor>();
        services.AddSingleton<EventDecoder>();
        services.AddSingleton<DocumentFetcher>();
        services.AddSingleton<SchemaFetcher>();
        services.AddSingleton<StreamConfigLoader>();
        return services;
    }
}
