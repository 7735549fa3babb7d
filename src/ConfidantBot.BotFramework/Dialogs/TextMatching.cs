using System.Globalization;
using System.Text;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>
/// Whole-input comparison for typed answers: case, accents, surrounding spaces and a trailing
/// full stop, exclamation or question mark do not matter. Deliberately no substring matching: a
/// sentence that merely contains a word is not that word.
/// </summary>
public static class TextMatching
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Trim().TrimEnd('.', '!', '?', ' ').Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
            lastWasSpace = false;
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    public static bool AreEquivalent(string? typed, string? expected)
    {
        var normalized = Normalize(typed);
        return normalized.Length > 0 && string.Equals(normalized, Normalize(expected), StringComparison.Ordinal);
    }
}
