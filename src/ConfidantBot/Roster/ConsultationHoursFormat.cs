using System.Globalization;
using System.Text.RegularExpressions;

namespace ConfidantBot.Roster;

/// <summary>
/// The one-line form HR types consultation hours in, e.g. <c>ma 09:00-12:00; wo 13:00-17:00</c>.
/// Dutch and English day abbreviations are accepted; output is always Dutch.
/// </summary>
public static partial class ConsultationHoursFormat
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ma"] = DayOfWeek.Monday, ["di"] = DayOfWeek.Tuesday, ["wo"] = DayOfWeek.Wednesday, ["do"] = DayOfWeek.Thursday,
        ["vr"] = DayOfWeek.Friday, ["za"] = DayOfWeek.Saturday, ["zo"] = DayOfWeek.Sunday,
        ["mo"] = DayOfWeek.Monday, ["tu"] = DayOfWeek.Tuesday, ["we"] = DayOfWeek.Wednesday, ["th"] = DayOfWeek.Thursday,
        ["fr"] = DayOfWeek.Friday, ["sa"] = DayOfWeek.Saturday, ["su"] = DayOfWeek.Sunday,
    };

    private static readonly string[] DutchDays = ["zo", "ma", "di", "wo", "do", "vr", "za"];

    public static bool TryParse(string? text, out IReadOnlyList<ConsultationHours> hours)
    {
        var result = new List<ConsultationHours>();
        hours = result;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var part in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = BlockPattern().Match(part);
            if (!match.Success
                || !Days.TryGetValue(match.Groups["day"].Value, out var day)
                || !TimeOnly.TryParseExact(match.Groups["start"].Value, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(match.Groups["end"].Value, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
                || end <= start)
            {
                return false;
            }

            result.Add(new ConsultationHours(day, start, end));
        }

        return result.Count > 0;
    }

    public static string Format(IEnumerable<ConsultationHours> hours)
        => string.Join("; ", hours.Select(block => $"{DutchDays[(int)block.Day]} {block.Start:HH\\:mm}-{block.End:HH\\:mm}"));

    [GeneratedRegex(@"^(?<day>[a-zA-Z]{2})[a-zA-Z]*\.?\s+(?<start>\d{1,2}:\d{2})\s*-\s*(?<end>\d{1,2}:\d{2})$")]
    private static partial Regex BlockPattern();
}
