using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace ConfidantBot.Presentation;

/// <summary>
/// Every user-facing string of the bot, from the features' <c>Texts/strings.{nl,en}.json</c>
/// files, merged per language. Keys are unique across features (prefix them with the feature).
/// A key missing in one language, or defined twice, fails at first use: that is a build mistake.
/// </summary>
public static class Texts
{
    private static readonly Lazy<FrozenDictionary<string, string>> Dutch = new(() => Load("nl"));
    private static readonly Lazy<FrozenDictionary<string, string>> English = new(() => Load("en"));

    public static IReadOnlyDictionary<string, string> For(CultureInfo culture) =>
        Locales.IsEnglish(culture) ? English.Value : Dutch.Value;

    public static string Get(CultureInfo culture, string key) =>
        For(culture).TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new KeyNotFoundException($"The text '{key}' is missing for {culture.Name}.");

    public static string Format(CultureInfo culture, string key, params object?[] arguments) =>
        string.Format(culture, Get(culture, key), arguments);

    public static string Get(string? locale, string key) => Get(Locales.FromActivityLocale(locale), key);

    /// <summary>The yes/no button titles in the bot's language for this locale (Dutch unless English).</summary>
    public static (string Yes, string No) YesNo(string? locale) => (Get(locale, "booking.confirm.yes"), Get(locale, "booking.confirm.no"));

    private static FrozenDictionary<string, string> Load(string language)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = AppResources.NamesEndingWith($".Texts.strings.{language}.json").Concat(AppResources.NamesEndingWith($".Texts.strings-{language}.json"));
        foreach (var name in names)
        {
            var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(AppResources.Read(name))
                ?? throw new InvalidOperationException($"{name} is empty.");
            foreach (var (key, value) in texts)
            {
                if (key == "lang")
                {
                    continue;
                }

                if (!merged.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"The text key '{key}' is defined twice ({name}).");
                }
            }
        }

        return merged.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
