using Microsoft.Extensions.Configuration;

namespace EventStreams.Hosting.Configuration;

/// <summary>
/// <c>--config FILE</c>: a service configuration file in the original's format, as one more
/// configuration source. It sits above appsettings.json and below environment variables and
/// the command line, so those still override any of its values.
/// </summary>
public static class ServiceConfigFile
{
    /// <summary>The command-line key: <c>--config FILE</c> (or <c>--config=FILE</c>).</summary>
    public const string ArgumentName = "config";

    /// <summary>The file named by <c>--config</c>, or null when there is none.</summary>
    public static string? FindPath(string[] args) =>
        new ConfigurationBuilder().AddCommandLine(args).Build()[ArgumentName] is { Length: > 0 } path ? path : null;

    /// <summary>Adds the file named by <c>--config</c>, if any, followed again by environment variables and the command line.</summary>
    /// <exception cref="InvalidConfigurationException">The file is missing or unusable.</exception>
    public static IConfigurationBuilder AddServiceConfigFile(this IConfigurationBuilder builder, string[] args)
    {
        if (FindPath(args) is not { } path)
        {
            return builder;
        }
        var fullPath = LocalFiles.Find(path) ?? throw new InvalidConfigurationException(
            $"--{ArgumentName}: the file '{path}' was found neither in the working directory ({Environment.CurrentDirectory}) " +
            "nor beside the program. Note that `dotnet run` runs in the project's directory; give an absolute path, e.g. --config \"$PWD/config.yaml\".");
        // Added again after the file so that they win over it: the usual .NET precedence.
        return builder.Add(new ServiceConfigFileSource(fullPath))
            .AddEnvironmentVariables()
            .AddCommandLine(args);
    }
}

/// <summary>The configuration source for one service configuration file.</summary>
public sealed class ServiceConfigFileSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(path);

    private sealed class Provider(string path) : ConfigurationProvider
    {
        public override void Load()
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (IOException e)
            {
                throw new InvalidConfigurationException($"{path}: cannot be read ({e.Message}).", e);
            }
            var mapped = ServiceConfigMapper.Map(text, path, Path.GetDirectoryName(path) ?? ".");
            Data = new Dictionary<string, string?>(mapped, StringComparer.OrdinalIgnoreCase);
        }
    }
}
