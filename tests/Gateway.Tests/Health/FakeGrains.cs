using System.Reflection;
using EventStreams.Grains.Interfaces.Config;

namespace EventStreams.Gateway.Tests.Health;

/// <summary>
/// An IGrainFactory whose StreamConfigGrain answers GetCatalog with whatever task the test sets;
/// any other call fails the test. Built with DispatchProxy, so no Orleans cluster is needed.
/// </summary>
public class FakeGrains : DispatchProxy
{
    public Func<Task<StreamCatalog>> GetCatalog { get; set; } = () => throw new InvalidOperationException("not set");

    public static (IGrainFactory Factory, FakeGrains Fake) Create()
    {
        var factory = Create<IGrainFactory, FakeGrains>();
        return (factory, (FakeGrains)(object)factory);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is { Name: nameof(IGrainFactory.GetGrain), ReturnType: var type } && type == typeof(IStreamConfigGrain))
        {
            var grain = Create<IStreamConfigGrain, ConfigGrain>();
            ((ConfigGrain)(object)grain).Owner = this;
            return grain;
        }
        throw new NotSupportedException($"Unexpected call {targetMethod}");
    }

    public class ConfigGrain : DispatchProxy
    {
        public FakeGrains Owner { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IStreamConfigGrain.GetCatalog)
                ? Owner.GetCatalog()
                : throw new NotSupportedException($"Unexpected call {targetMethod}");
    }
}
