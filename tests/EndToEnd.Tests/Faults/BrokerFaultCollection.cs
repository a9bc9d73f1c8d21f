namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>
/// The broker fault tests run one after another and alone: each holds a host of its own, and
/// their faults last seconds, which other classes competing for 2 cores would blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerFaultCollection
{
    public const string Name = "broker faults";
}
