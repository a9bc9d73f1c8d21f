using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging;

namespace EventStreams.Hosting;

/// <summary>What every host of this service shares: the default address, readable one-line logs, no Server header.</summary>
public static class HostDefaults
{
    /// <summary>Where a node listens unless told otherwise (the original's port).</summary>
    public const string Url = "http://0.0.0.0:8888";

    // Framework chatter an operator does not need; every value stays overridable by configuration.
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Urls"] = Url,
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        // A failing readiness check is logged as an Error on every probe; /readyz's body already
        // names it, and a node waiting for Kafka or a silo would flood its log.
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
    };

    public static WebApplicationBuilder AddEventStreamsHostDefaults(this WebApplicationBuilder builder)
    {
        // Lowest precedence: appsettings, --config, environment and command line all override these.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
        });
        // Streams are never compressed and the original sends no Server header.
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        return builder;
    }
}
