using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ConfidantBot.Presentation;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// What a pseudonym may be: 2–40 characters of ordinary letters, digits, spaces and a few signs,
/// and nothing that could identify the person (an email address or a phone number).
/// </summary>
public static class PseudonymRules
{
    public const int MinLength = 2;
    public const int MaxLength = 40;

    private static readonly Lazy<string[]> Suggestions = new(() =>
        JsonSerializer.Deserialize<string[]>(AppResources.Read("Booking.Data.pseudonyms.json")) is { Length: > 0 } names
            ? names
            : throw new InvalidOperationException("Booking/Data/pseudonyms.json holds no names."));

    /// <summary>A random neutral name from the list.</summary>
    public static string Suggest() => Suggestions.Value[RandomNumberGenerator.GetInt32(Suggestions.Value.Length)];

    public static IReadOnlyList<string> SuggestionList => Suggestions.Value;

    /// <summary>Null when <paramref name="pseudonym"/> is acceptable, else the text key that explains why not.</summary>
    public static string? Problem(string? pseudonym)
    {
        var text = pseudonym?.Trim() ?? "";
        if (text.Length < MinLength)
        {
            return "booking.pseudonym.tooShort";
        }

        if (text.Length > MaxLength)
        {
            return "booking.pseudonym.tooLong";
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            return "booking.pseudonym.email";
        }

        if (text.Count(char.IsAsciiDigit) >= 6)
        {
            return "booking.pseudonym.phone";
        }

        return text.All(IsAllowed) ? null : "booking.pseudonym.invalid";
    }

    private static bool IsAllowed(char c) =>
        char.IsLetterOrDigit(c) || c is ' ' or '-' or '\'' or '.' or '_'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}

/// <summary>A plausible phone number: digits with the usual separators, 8–15 digits, '+' only in front.</summary>
public static class PhoneNumberRules
{
    public const int MaxLength = 32;

    public static bool IsPlausible(string? number)
    {
        var text = number?.Trim() ?? "";
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var allowed = char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.' || (c == '+' && i == 0);
            if (!allowed)
            {
                return false;
            }
        }

        var digits = text.Count(char.IsAsciiDigit);
        return digits is >= 8 and <= 15;
    }

    /// <summary>The number as the chat may show it: every digit but the last two hidden.</summary>
    public static string Masked(string? number)
    {
        var text = number?.Trim() ?? "";
        var keep = text.Length - 1;
        for (var seen = 0; keep >= 0 && seen < 2; keep--)
        {
            seen += char.IsAsciiDigit(text[keep]) ? 1 : 0;
        }

        return string.Concat(text.Select((c, i) => i <= keep && char.IsAsciiDigit(c) ? '•' : c));
    }
}
