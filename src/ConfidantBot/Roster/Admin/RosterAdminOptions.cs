using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConfidantBot.Roster.Admin;

/// <summary>
/// Begins <see cref="RosterAdminDialog"/> at an action. Card buttons submit the same fields:
/// <c>{"rosterAdmin":"&lt;command&gt;","recordId":"…","version":"…","key":"…"}</c>, and it is
/// stored in the same shape, so the root may begin the dialog with a button's data as it is.
/// Ids and numbers only: this is kept in conversation state.
/// </summary>
public sealed record RosterAdminOptions(
    [property: JsonPropertyName(RosterAdminOptions.SubmitField)] string? Command = null,
    string? RecordId = null,
    int? Version = null,
    string? Key = null)
{
    /// <summary>The field of card submit data that names an admin command.</summary>
    public const string SubmitField = "rosterAdmin";

    /// <summary>The commands a card or the root may send: list, add, edit, deactivate (confirmDeactivate after the last-confidant warning), reactivate, contacts, contact, export, import, done.</summary>
    public static IReadOnlyList<string> Commands { get; } = ["list", "add", "edit", "deactivate", "confirmDeactivate", "reactivate", "contacts", "contact", "export", "import", "done"];

    /// <summary>The admin command in submitted card data, or null when it carries none.</summary>
    public static RosterAdminOptions? FromSubmitted(JsonObject? data)
    {
        if (data?[SubmitField] is not JsonValue command || !command.TryGetValue<string>(out var name))
        {
            return null;
        }

        return new RosterAdminOptions(name, Text(data["recordId"]), Number(data["version"]), Text(data["key"]));
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static int? Number(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
