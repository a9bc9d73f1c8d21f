using Microsoft.Extensions.Configuration;

namespace EventStreams.Hosting;

/// <summary>Binding a configuration section, with a value of the wrong type reported as a configuration error.</summary>
public static class OptionsBinding
{
    /// <exception cref="InvalidConfigurationException">A value cannot be converted; the binder's message names the key.</exception>
    public static T Bind<T>(IConfiguration section, string sectionName) where T : class, new()
    {
        try
        {
            return section.Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value 'x' at 'Orleans:SiloPort' to type 'System.Int32'."
            throw new InvalidConfigurationException($"{sectionName}: {e.Message}", e);
        }
    }
}
