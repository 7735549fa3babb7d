using System.Globalization;
using ConfidantBot.Presentation;

namespace ConfidantBot.Roster;

/// <summary>How roster values read for people: audiences, kinds, statuses and languages in the chat's language.</summary>
public static class RosterNames
{
    public static string Audience(CultureInfo culture, Audience audience)
        => Texts.Get(culture, "roster.audience." + audience.ToString().ToLowerInvariant());

    public static string Audiences(CultureInfo culture, IEnumerable<Audience> audiences)
        => string.Join(", ", audiences.Select(audience => Audience(culture, audience)));

    public static string Kind(CultureInfo culture, ConfidantKind kind)
        => Texts.Get(culture, "roster.kind." + kind.ToString().ToLowerInvariant());

    public static string Status(CultureInfo culture, bool active)
        => Texts.Get(culture, active ? "roster.status.active" : "roster.status.inactive");

    /// <summary>"Nederlands, English" for <c>nl, en</c>; a code .NET does not know is shown as it is.</summary>
    public static string Languages(CultureInfo culture, IEnumerable<string> codes)
        => string.Join(", ", codes.Select(code => LanguageName(culture, code)));

    private static string LanguageName(CultureInfo culture, string code)
    {
        try
        {
            var language = CultureInfo.GetCultureInfo(code);
            if (language.ThreeLetterISOLanguageName.Length == 0 || language.EnglishName.StartsWith("Unknown", StringComparison.Ordinal))
            {
                return code;
            }

            // Dutch chats show each language in its own name ("Nederlands", "English", "Türkçe"), which .NET knows without translations.
            var name = Locales.IsEnglish(culture) ? language.EnglishName : language.NativeName;
            return name.Length == 0 ? code : char.ToUpper(name[0], culture) + name[1..];
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
