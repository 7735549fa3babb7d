using System.Globalization;

namespace ConfidantBot.Routes;

/// <summary>The bot speaks Dutch unless the activity's locale is English.</summary>
public static class GuideLocale
{
    public static CultureInfo Dutch { get; } = CultureInfo.GetCultureInfo("nl-NL");
    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en-US");

    /// <summary>nl-NL by default; en-US for any <c>en</c> or <c>en-*</c> locale.</summary>
    public static CultureInfo FromActivityLocale(string? locale) =>
        locale is not null
        && (locale.Equals("en", StringComparison.OrdinalIgnoreCase) || locale.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
            ? English
            : Dutch;

    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";
}
