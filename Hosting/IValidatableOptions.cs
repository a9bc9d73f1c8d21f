namespace EventStreams.Hosting;

/// <summary>Options that can say what is wrong with them, naming the configuration key.</summary>
public interface IValidatableOptions
{
    /// <summary>Null when valid; otherwise one message naming every bad key and its value (see <see cref="OptionErrors"/>).</summary>
    string? Validate();
}
