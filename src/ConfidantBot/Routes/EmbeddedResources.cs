using System.Reflection;

namespace ConfidantBot.Routes;

/// <summary>Reads the guide's data files and card templates, which are compiled into the assembly.</summary>
internal static class EmbeddedResources
{
    private static readonly Assembly Assembly = typeof(EmbeddedResources).Assembly;

    /// <summary>A resource under <c>ConfidantBot.Routes.</c>, e.g. <c>Data.routes.json</c>.</summary>
    public static byte[] Read(string name)
    {
        var fullName = "ConfidantBot.Routes." + name;
        using var stream = Assembly.GetManifestResourceStream(fullName)
            ?? throw new InvalidOperationException($"The embedded resource {fullName} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static IEnumerable<string> Names(string prefix) =>
        Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("ConfidantBot.Routes." + prefix, StringComparison.Ordinal))
            .Select(name => name["ConfidantBot.Routes.".Length..]);
}
