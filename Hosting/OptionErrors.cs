namespace EventStreams.Hosting;

/// <summary>
/// Collects what is wrong with an options object, so that start-up reports every bad value at
/// once rather than one per attempt.
/// </summary>
public sealed class OptionErrors
{
    private readonly List<string> _errors = [];

    /// <summary>Adds <paramref name="error"/> unless it is null (that check passed).</summary>
    public void Add(string? error)
    {
        if (error is not null)
        {
            _errors.Add(error);
        }
    }

    /// <summary>Null when nothing is wrong; otherwise every error in one message, in the order found.</summary>
    public string? Message => _errors.Count == 0 ? null : string.Join(" ", _errors);

    /// <summary>The message of several checks, each null when it passed.</summary>
    public static string? Of(params string?[] errors)
    {
        var all = new OptionErrors();
        foreach (var error in errors)
        {
            all.Add(error);
        }
        return all.Message;
    }
}
