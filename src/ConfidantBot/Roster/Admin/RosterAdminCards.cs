using System.Globalization;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Roster.Admin;

/// <summary>The admin's overview cards and the export message.</summary>
internal static class RosterAdminCards
{
    /// <summary>Teams refuses messages of about 28 KB and more; stay well below with the envelope.</summary>
    public const int MaxMessageCharacters = 24_000;

    public static Activity RosterList(CultureInfo culture, RosterDocument roster)
    {
        var items = roster.Confidants
            .OrderByDescending(confidant => confidant.Active)
            .ThenBy(confidant => confidant.DisplayName, StringComparer.Create(culture, ignoreCase: true))
            .Select(confidant => CardTemplates.Bind("Roster", "admin-list-item", new CardValues()
                .Set("name", confidant.DisplayName)
                .Set("id", confidant.Id)
                .Set("organisation", confidant.Organisation)
                .Set("kind", RosterNames.Kind(culture, confidant.Kind))
                .Set("audiences", RosterNames.Audiences(culture, confidant.Audiences))
                .Set("status", RosterNames.Status(culture, confidant.Active))
                .Set("version", confidant.Version.ToString(CultureInfo.InvariantCulture))
                .When("active", confidant.Active)
                .When("inactive", !confidant.Active), culture));
        var summary = roster.Confidants.Count == 0
            ? Texts.Get(culture, "roster.admin.empty")
            : Texts.Format(culture, "roster.admin.summary", roster.Confidants.Count, roster.Confidants.Count(confidant => confidant.Active));
        return Activity.CreateMessage(null, CardTemplates.Card("Roster", "admin-list", new CardValues().Set("summary", summary).SetList("confidants", items), culture));
    }

    public static Activity ContactList(CultureInfo culture, RosterDocument roster)
    {
        var keys = RouteContactKeys.All.Concat(roster.Contacts.Select(contact => contact.Key).Where(key => !RouteContactKeys.All.Contains(key)));
        var items = keys.Select(key => CardTemplates.Bind("Roster", "contacts-list-item", new CardValues()
            .Set("key", key)
            .Set("label", RouteContactKeys.All.Contains(key) ? ContactForm.Label(culture, key) : key)
            .Set("summary", ContactForm.Summary(culture, roster.Contacts.FirstOrDefault(contact => contact.Key == key))), culture));
        return Activity.CreateMessage(null, CardTemplates.Card("Roster", "contacts-list", new CardValues().SetList("contacts", items), culture));
    }

    /// <summary>
    /// The export as a Markdown code block: Teams and Web Chat both render it with the text
    /// selectable (Teams adds a copy button), and a bot cannot send a file in a personal chat
    /// without a file consent card. Indented when it fits in one message, else compact.
    /// </summary>
    public static Activity Export(CultureInfo culture, RosterDocument roster)
    {
        var intro = Texts.Format(culture, "roster.export.intro", roster.Confidants.Count, roster.Contacts.Count);
        var json = RosterJson.Export(roster, indented: true);
        if (intro.Length + json.Length > MaxMessageCharacters)
        {
            json = RosterJson.Export(roster, indented: false);
        }

        if (intro.Length + json.Length > MaxMessageCharacters)
        {
            return Activity.CreateMessage(Texts.Format(culture, "roster.export.tooLarge", json.Length));
        }

        // Text HR typed (a bio, a name) must not close the code fence and turn the rest of the export
        // into formatted text or links: backticks only occur inside JSON strings, where \u0060 means the same.
        json = json.Replace("`", "\\u0060", StringComparison.Ordinal);
        var message = Activity.CreateMessage($"{intro}\n\n```json\n{json}\n```");
        message.TextFormat = "markdown";
        return message;
    }

    public static Attachment ImportForm(CultureInfo culture, string? error)
        => CardTemplates.Card("Roster", "import-form", new CardValues().Set("json", string.Empty).Set("error", error ?? string.Empty).When("error", error is not null), culture);
}
