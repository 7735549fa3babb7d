using System.Globalization;
using System.Text.RegularExpressions;

namespace ConfidantBot.Roster;

/// <summary>
/// The one-line form HR types consultation hours in, e.g. <c>ma 09:00-12:00; wo 13:00-17:00</c>.
/// Dutch and English day names or abbreviations are accepted, and the Dutch habits of writing
/// <c>9.00</c> and an en dash (what word processors turn a hyphen into); output is always Dutch.
/// </summary>
public static partial class ConsultationHoursFormat
{
    private static readonly Dictionary<string, DayOfWeek> Days = BuildDays(
        (DayOfWeek.Monday, ["ma", "maandag", "mo", "mon", "monday"]),
        (DayOfWeek.Tuesday, ["di", "dinsdag", "tu", "tue", "tues", "tuesday"]),
        (DayOfWeek.Wednesday, ["wo", "woensdag", "we", "wed", "wednesday"]),
        (DayOfWeek.Thursday, ["do", "donderdag", "th", "thu", "thur", "thurs", "thursday"]),
        (DayOfWeek.Friday, ["vr", "vrijdag", "fr", "fri", "friday"]),
        (DayOfWeek.Saturday, ["za", "zaterdag", "sa", "sat", "saturday"]),
        (DayOfWeek.Sunday, ["zo", "zondag", "su", "sun", "sunday"]));

    private static readonly string[] DutchDays = ["zo", "ma", "di", "wo", "do", "vr", "za"];

    public static bool TryParse(string? text, out IReadOnlyList<ConsultationHours> hours)
    {
        var result = new List<ConsultationHours>();
        hours = result;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var part in text.Split([';', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = BlockPattern().Match(part);
            if (!match.Success
                || !Days.TryGetValue(match.Groups["day"].Value, out var day)
                || !TryParseTime(match.Groups["start"].Value, out var start)
                || !TryParseTime(match.Groups["end"].Value, out var end)
                || end <= start)
            {
                result.Clear();
                return false;
            }

            result.Add(new ConsultationHours(day, start, end));
        }

        return result.Count > 0;
    }

    public static string Format(IEnumerable<ConsultationHours> hours)
        => string.Join("; ", hours.Select(block => string.Create(CultureInfo.InvariantCulture, $"{DutchDays[(int)block.Day]} {block.Start:HH\\:mm}-{block.End:HH\\:mm}")));

    /// <summary>True when two blocks on the same day share time: slots would be offered twice.</summary>
    public static bool Overlap(IReadOnlyList<ConsultationHours> hours)
        => hours.GroupBy(block => block.Day).Any(day =>
        {
            var ordered = day.OrderBy(block => block.Start).ToList();
            return ordered.Zip(ordered.Skip(1)).Any(pair => pair.Second.Start < pair.First.End);
        });

    private static Dictionary<string, DayOfWeek> BuildDays(params (DayOfWeek Day, string[] Names)[] days)
        => days.SelectMany(entry => entry.Names.Select(name => (name, entry.Day))).ToDictionary(pair => pair.name, pair => pair.Day, StringComparer.OrdinalIgnoreCase);

    private static bool TryParseTime(string text, out TimeOnly time)
        => TimeOnly.TryParseExact(text.Replace('.', ':'), "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    // A day name or abbreviation ("ma", "maandag", "Mon."), then start-end.
    [GeneratedRegex(@"^(?<day>[a-zA-Z]+)\.?\s+(?<start>\d{1,2}[:.]\d{2})\s*[-–—]\s*(?<end>\d{1,2}[:.]\d{2})(\s*uur)?$")]
    private static partial Regex BlockPattern();
}
