using System.Globalization;
using System.Text.Json;

namespace ConfidantBot.Routes.Cards;

/// <summary>The guide's UI strings (<c>Routes/Texts/strings-{nl,en}.json</c>): Dutch by default, English for en-*.</summary>
public static class GuideTexts
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Dutch = new(() => Load("nl"));
    private static readonly Lazy<IReadOnlyDictionary<string, string>> English = new(() => Load("en"));

    public static IReadOnlyDictionary<string, string> For(CultureInfo culture) =>
        GuideLocale.IsEnglish(culture) ? English.Value : Dutch.Value;

    /// <summary>The text for a key; a missing key is a build mistake, so it fails loudly.</summary>
    public static string Get(CultureInfo culture, string key) =>
        For(culture).TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new KeyNotFoundException($"The guide text '{key}' is missing for {culture.Name}.");

    public static string Format(CultureInfo culture, string key, params object[] arguments) =>
        string.Format(culture, Get(culture, key), arguments);

    private static IReadOnlyDictionary<string, string> Load(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(EmbeddedResources.Read($"Texts.strings-{language}.json"))
        ?? throw new InvalidOperationException($"The guide texts for '{language}' are empty.");
}
