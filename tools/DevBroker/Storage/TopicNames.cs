namespace EventStreams.DevBroker.Storage;

/// <summary>Kafka's topic-name rules, so clients see the same INVALID_TOPIC errors as on a real broker.</summary>
internal static class TopicNames
{
    private const int MaxLength = 249;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
