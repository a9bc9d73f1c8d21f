using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventStreams.Hosting;

/// <summary>Options that can say what is wrong with them, naming the configuration key.</summary>
public interface IValidatableOptions
{
    /// <summary>Null when valid; otherwise a message that names the key and the bad value.</summary>
    string? Validate();
}

public static class ValidatedOptions
{
    /// <summary>Binds a section and fails host start-up with the options' own message when a value is bad.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, IValidatableOptions
    {
        services.AddSingleton<IValidateOptions<T>, Validator<T>>();
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    private sealed class Validator<T> : IValidateOptions<T> where T : class, IValidatableOptions
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
