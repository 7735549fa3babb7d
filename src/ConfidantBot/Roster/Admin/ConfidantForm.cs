using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Roster.Admin;

internal enum FormMode
{
    Add,
    Edit,
}

/// <summary>
/// The confidant form: the card's inputs as text, read into a <see cref="Confidant"/> with field
/// errors, and bound back into the card (with the input kept and each error beside its field).
/// Input ids are the camelCase names of the validator's fields.
/// </summary>
internal static class ConfidantForm
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "id", "displayName", "organisation", "kind", "audiences", "languages", "bioNl", "bioEn", "invitationEmail",
        "calendarUserId", "officeAddress", "phoneNumber", "consultationHours", "slotMinutes", "bufferMinutes",
    ];

    public static Dictionary<string, string> Empty()
    {
        var values = Fields.ToDictionary(field => field, _ => string.Empty, StringComparer.Ordinal);
        values["kind"] = nameof(ConfidantKind.External);
        values["audiences"] = nameof(Audience.Employees);
        values["languages"] = "nl";
        values["slotMinutes"] = "45";
        values["bufferMinutes"] = "15";
        return values;
    }

    public static Dictionary<string, string> ValuesOf(Confidant confidant) => new(StringComparer.Ordinal)
    {
        ["id"] = confidant.Id,
        ["displayName"] = confidant.DisplayName,
        ["organisation"] = confidant.Organisation,
        ["kind"] = confidant.Kind.ToString(),
        ["audiences"] = string.Join(",", confidant.Audiences),
        ["languages"] = string.Join(", ", confidant.Languages),
        ["bioNl"] = confidant.Bio.Nl,
        ["bioEn"] = confidant.Bio.En,
        ["invitationEmail"] = confidant.InvitationEmail,
        ["calendarUserId"] = confidant.CalendarUserId ?? string.Empty,
        ["officeAddress"] = confidant.OfficeAddress ?? string.Empty,
        ["phoneNumber"] = confidant.PhoneNumber ?? string.Empty,
        ["consultationHours"] = ConsultationHoursFormat.Format(confidant.ConsultationHours),
        ["slotMinutes"] = confidant.SlotMinutes.ToString(CultureInfo.InvariantCulture),
        ["bufferMinutes"] = confidant.BufferMinutes.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The form's inputs as submitted (a missing input reads as empty).</summary>
    public static Dictionary<string, string> ValuesOf(JsonObject submitted)
        => Fields.ToDictionary(field => field, field => TextOf(submitted[field]), StringComparer.Ordinal);

    /// <summary>The record the inputs describe and everything wrong with it (one error per field, form errors first).</summary>
    public static (Confidant Draft, IReadOnlyList<FieldError> Errors) Read(IReadOnlyDictionary<string, string> values, string id, int version, bool active)
    {
        var errors = new List<FieldError>();
        var kind = ConfidantKind.External;
        if (ExactEnum<ConfidantKind>(values["kind"].Trim()) is { } parsedKind)
        {
            kind = parsedKind;
        }
        else
        {
            errors.Add(new FieldError(nameof(Confidant.Kind), "kind-unknown"));
        }

        var audiences = new List<Audience>();
        foreach (var name in Split(values["audiences"]))
        {
            if (ExactEnum<Audience>(name) is { } audience)
            {
                audiences.Add(audience);
            }
            else
            {
                errors.Add(new FieldError(nameof(Confidant.Audiences), "audience-unknown"));
                break;
            }
        }

        if (!ConsultationHoursFormat.TryParse(values["consultationHours"], out var hours) && values["consultationHours"].Trim().Length > 0)
        {
            errors.Add(new FieldError(nameof(Confidant.ConsultationHours), "hours-format"));
        }

        var slot = Minutes(values["slotMinutes"], nameof(Confidant.SlotMinutes), errors);
        var buffer = Minutes(values["bufferMinutes"], nameof(Confidant.BufferMinutes), errors);
        var draft = new Confidant
        {
            Id = id,
            DisplayName = values["displayName"].Trim(),
            Organisation = values["organisation"].Trim(),
            Kind = kind,
            Audiences = audiences.Distinct().ToList(),
            Languages = Split(values["languages"]).Select(language => language.ToLowerInvariant()).Distinct().ToList(),
            Bio = new LocalizedText(values["bioNl"].Trim(), values["bioEn"].Trim()),
            InvitationEmail = values["invitationEmail"].Trim(),
            CalendarUserId = Blank(values["calendarUserId"]),
            OfficeAddress = Blank(values["officeAddress"]),
            PhoneNumber = Blank(values["phoneNumber"]),
            ConsultationHours = hours,
            SlotMinutes = slot ?? 45,
            BufferMinutes = buffer ?? 15,
            Active = active,
            Version = version,
        };

        var all = errors.Concat(ConfidantValidator.Validate(draft).Where(error =>
            !(error.Field == nameof(Confidant.SlotMinutes) && slot is null) && !(error.Field == nameof(Confidant.BufferMinutes) && buffer is null)));
        return (draft, all.DistinctBy(error => error.Field).ToList());
    }

    public static Attachment Card(CultureInfo culture, FormMode mode, string recordId, int version, IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldError> errors, Confidant? current = null)
    {
        var card = new CardValues()
            .Set("title", Texts.Get(culture, mode == FormMode.Add ? "roster.form.titleAdd" : "roster.form.titleEdit"))
            .Set("mode", mode.ToString())
            .Set("recordId", recordId)
            .Set("version", version.ToString(CultureInfo.InvariantCulture))
            .Set("idFixed", Texts.Format(culture, "roster.form.idFixed", recordId))
            .When("isAdd", mode == FormMode.Add)
            .When("isEdit", mode == FormMode.Edit)
            .When("hasErrors", errors.Count > 0)
            .When("conflict", current is not null)
            .SetList("current", current is null ? [] : CurrentFacts(culture, current));
        foreach (var field in Fields)
        {
            card.Set("v." + field, values.TryGetValue(field, out var value) ? value : string.Empty);
        }

        foreach (var error in errors)
        {
            var input = InputId(error.Field);
            card.Set("err." + input, Texts.Get(culture, "roster.error." + error.Code)).When("err." + input);
        }

        return CardTemplates.Card("Roster", "confidant-form", card, culture);
    }

    /// <summary>The input beside which a validator field's error is shown.</summary>
    public static string InputId(string field) => JsonNamingPolicy.CamelCase.ConvertName(field);

    private static IEnumerable<JsonNode> CurrentFacts(CultureInfo culture, Confidant current)
    {
        var values = ValuesOf(current);
        yield return Fact(Texts.Get(culture, "roster.form.displayName"), current.DisplayName);
        yield return Fact(Texts.Get(culture, "roster.form.organisation"), current.Organisation);
        yield return Fact(Texts.Get(culture, "roster.form.kind"), RosterNames.Kind(culture, current.Kind));
        yield return Fact(Texts.Get(culture, "roster.form.audiences"), RosterNames.Audiences(culture, current.Audiences));
        yield return Fact(Texts.Get(culture, "roster.form.invitationEmail"), current.InvitationEmail);
        yield return Fact(Texts.Get(culture, "roster.form.consultationHours"), values["consultationHours"]);
        yield return Fact(Texts.Get(culture, "roster.form.slotMinutes"), values["slotMinutes"]);
        yield return Fact(Texts.Get(culture, "roster.form.bufferMinutes"), values["bufferMinutes"]);
        yield return Fact(Texts.Get(culture, "roster.admin.statusLabel"), RosterNames.Status(culture, current.Active));
    }

    internal static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static int? Minutes(string text, string field, List<FieldError> errors)
    {
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var minutes))
        {
            return minutes;
        }

        errors.Add(new FieldError(field, text.Trim().Length == 0 ? "required" : "number-format"));
        return null;
    }

    // Only the names the card offers; Enum.TryParse would also take "1" or "employees".
    private static T? ExactEnum<T>(string name)
        where T : struct, Enum
        => Enum.GetNames<T>().Contains(name, StringComparer.Ordinal) ? Enum.Parse<T>(name) : null;

    private static IEnumerable<string> Split(string text)
        => text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // Hosts submit inputs as strings; a number or boolean is read as its text.
    internal static string TextOf(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => string.Empty,
    };
}
