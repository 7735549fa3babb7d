using System.Reflection;

namespace ConfidantBot.Presentation;

/// <summary>
/// Card templates, texts and seed data compiled into the assembly. Each feature keeps its own in
/// <c>{Feature}/Cards/*.json</c>, <c>{Feature}/Texts/strings.{nl,en}.json</c> and <c>{Feature}/Data/*.json</c>.
/// </summary>
public static class AppResources
{
    private const string Root = "ConfidantBot.";
    private static readonly Assembly Assembly = typeof(AppResources).Assembly;

    /// <summary>A resource by its path with dots, e.g. <c>Routes.Data.routes.json</c>.</summary>
    public static byte[] Read(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(Root + name)
            ?? throw new InvalidOperationException($"The embedded resource {Root + name} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Names (without the root) of all resources that end with <paramref name="suffix"/>.</summary>
    public static IEnumerable<string> NamesEndingWith(string suffix) =>
        Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Root, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            .Select(name => name[Root.Length..]);
}
