using System.Reflection;

namespace EventStreams.Silo.Operators;

/// <summary>One static file of the operators' page, read once from the assembly's embedded resources.</summary>
internal sealed record OperatorsAsset(byte[] Content, string ContentType)
{
    public static readonly OperatorsAsset Page = Load("operators.html", "text/html; charset=utf-8");
    public static readonly OperatorsAsset Script = Load("operators.js", "text/javascript; charset=utf-8");
    public static readonly OperatorsAsset Style = Load("operators.css", "text/css; charset=utf-8");

    private static OperatorsAsset Load(string name, string contentType)
    {
        var resource = $"{typeof(OperatorsAsset).Namespace}.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new OperatorsAsset(copy.ToArray(), contentType);
    }
}
