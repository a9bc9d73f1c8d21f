using Microsoft.Extensions.Configuration.Memory;

namespace EventStreams.Gateway.Hosting;

/// <summary>What every host of this service shares: readable one-line logs, no Server header.</summary>
public static class HostDefaults
{
    // Framework chatter an operator does not need; every level stays overridable by configuration.
    private static readonly Dictionary<string, string?> LogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    public static WebApplicationBuilder AddEventStreamsHostDefaults(this WebApplicationBuilder builder)
    {
        // Lowest precedence: appsettings, --config, environment and command line all override these.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LogLevels });
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
