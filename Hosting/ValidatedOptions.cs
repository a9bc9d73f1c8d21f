using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventStreams.Hosting;

public static class ValidatedOptions
{
    /// <summary>Binds a section and fails host start-up with the options' own message when a value is bad.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, IValidatableOptions
    {
        services.AddSingleton<IValidateOptions<T>, Validator<T>>();
        services.AddSingleton(new Registration(typeof(T), sp => sp.GetRequiredService<IOptions<T>>().Value));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>
    /// Reads every validated options class of a built host and throws one
    /// <see cref="InvalidConfigurationException"/> naming every bad value of them all. Call it
    /// right after Build: ValidateOnStart alone reports only the first class a hosted service
    /// happens to resolve, and the host logs that failure with its stack trace.
    /// </summary>
    public static void ValidateAll(IServiceProvider services)
    {
        var errors = new OptionErrors();
        foreach (var registration in services.GetServices<Registration>().DistinctBy(r => r.OptionsType))
        {
            try
            {
                registration.Read(services);
            }
            catch (OptionsValidationException e)
            {
                errors.Add(e.Message);
            }
        }
        if (errors.Message is { } message)
        {
            throw new InvalidConfigurationException(message);
        }
    }

    private sealed record Registration(Type OptionsType, Func<IServiceProvider, object> Read);

    private sealed class Validator<T> : IValidateOptions<T> where T : class, IValidatableOptions
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
