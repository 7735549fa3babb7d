using System.Text;
using System.Text.Json;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Testing;

/// <summary>
/// Renders what a person would read in a reply as one line: the text, the cards' text blocks and
/// the buttons as <c>[Title]</c>. Makes conversation tables in tests readable.
/// </summary>
public static class ReplyText
{
    public static string Describe(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(activity.Text))
        {
            parts.Add(activity.Text.Trim());
        }

        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.Content is { } content)
            {
                Collect(content, parts);
            }
        }

        return string.Join(" ", parts);
    }

    /// <summary>All replies of a turn, described and joined with " | ".</summary>
    public static string Describe(this IEnumerable<Activity> activities)
        => string.Join(" | ", activities.Select(a => a.Describe()));

    private static void Collect(JsonElement element, List<string> parts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type == "TextBlock" && element.TryGetProperty("text", out var text))
                {
                    parts.Add(text.GetString() ?? string.Empty);
                }
                else if (type is not null && type.StartsWith("Action.", StringComparison.Ordinal) && element.TryGetProperty("title", out var title))
                {
                    parts.Add(new StringBuilder("[").Append(title.GetString()).Append(']').ToString());
                }
                else if (type?.StartsWith("Input.", StringComparison.Ordinal) == true && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    parts.Add("{" + value.GetString() + "}");
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Collect(property.Value, parts);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, parts);
                }

                break;
        }
    }
}
