using System.Globalization;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Roster.Admin;

/// <summary>The form for one route contact: inputs as text, read into a <see cref="RouteContact"/>, bound back with errors beside the fields.</summary>
internal static class ContactForm
{
    public static readonly IReadOnlyList<string> Fields = ["nameNl", "nameEn", "email", "phone", "url", "noteNl", "noteEn", "active"];

    public static Dictionary<string, string> ValuesOf(RouteContact? contact) => new(StringComparer.Ordinal)
    {
        ["nameNl"] = contact?.Name.Nl ?? string.Empty,
        ["nameEn"] = contact?.Name.En ?? string.Empty,
        ["email"] = contact?.Email ?? string.Empty,
        ["phone"] = contact?.Phone ?? string.Empty,
        ["url"] = contact?.Url ?? string.Empty,
        ["noteNl"] = contact?.Note?.Nl ?? string.Empty,
        ["noteEn"] = contact?.Note?.En ?? string.Empty,
        ["active"] = contact is null || contact.Active ? "true" : "false",
    };

    public static Dictionary<string, string> ValuesOf(JsonObject submitted)
        => Fields.ToDictionary(field => field, field => ConfidantForm.TextOf(submitted[field]), StringComparer.Ordinal);

    public static (RouteContact Draft, IReadOnlyList<FieldError> Errors) Read(IReadOnlyDictionary<string, string> values, string key, int version)
    {
        var nameNl = values["nameNl"].Trim();
        var noteNl = values["noteNl"].Trim();
        var noteEn = values["noteEn"].Trim();
        var draft = new RouteContact
        {
            Key = key,
            Name = new LocalizedText(nameNl, OrElse(values["nameEn"], nameNl)),
            Email = Blank(values["email"]),
            Phone = Blank(values["phone"]),
            Url = Blank(values["url"]),
            Note = noteNl.Length == 0 && noteEn.Length == 0 ? null : new LocalizedText(OrElse(noteNl, noteEn), OrElse(noteEn, noteNl)),
            Active = !string.Equals(values["active"], "false", StringComparison.OrdinalIgnoreCase),
            Version = version,
        };
        return (draft, ConfidantValidator.ValidateContact(draft).DistinctBy(error => error.Field).ToList());
    }

    public static Attachment Card(CultureInfo culture, string key, int version, IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldError> errors, RouteContact? current = null)
    {
        var card = new CardValues()
            .Set("title", Texts.Format(culture, "roster.contact.title", Label(culture, key)))
            .Set("key", key)
            .Set("version", version.ToString(CultureInfo.InvariantCulture))
            .When("hasErrors", errors.Count > 0)
            .When("conflict", current is not null)
            .SetList("current", current is null ? [] : CurrentFacts(culture, current));
        foreach (var field in Fields)
        {
            card.Set("v." + field, values.TryGetValue(field, out var value) ? value : string.Empty);
        }

        foreach (var error in errors)
        {
            var input = ConfidantForm.InputId(error.Field);
            card.Set("err." + input, Texts.Get(culture, "roster.error." + error.Code)).When("err." + input);
        }

        return CardTemplates.Card("Roster", "contact-form", card, culture);
    }

    public static string Label(CultureInfo culture, string key) => Texts.Get(culture, "roster.contactKey." + key);

    /// <summary>One line of what is filled in, for the contacts list.</summary>
    public static string Summary(CultureInfo culture, RouteContact? contact)
    {
        if (contact is null)
        {
            return Texts.Get(culture, "roster.contacts.notSet");
        }

        if (!contact.Active)
        {
            return Texts.Get(culture, "roster.contacts.absent");
        }

        var parts = new[] { contact.Name.For(culture.Name), contact.Email, contact.Phone, contact.Url }.Where(part => !string.IsNullOrWhiteSpace(part));
        return string.Join(" · ", parts);
    }

    private static IEnumerable<JsonNode> CurrentFacts(CultureInfo culture, RouteContact current)
    {
        yield return ConfidantForm.Fact(Texts.Get(culture, "roster.contact.nameNl"), current.Name.Nl);
        yield return ConfidantForm.Fact(Texts.Get(culture, "roster.contact.email"), current.Email ?? "-");
        yield return ConfidantForm.Fact(Texts.Get(culture, "roster.contact.phone"), current.Phone ?? "-");
        yield return ConfidantForm.Fact(Texts.Get(culture, "roster.contact.url"), current.Url ?? "-");
        yield return ConfidantForm.Fact(Texts.Get(culture, "roster.admin.statusLabel"), RosterNames.Status(culture, current.Active));
    }

    private static string OrElse(string text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback.Trim() : text.Trim();

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
