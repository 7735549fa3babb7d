using System.Globalization;
using System.Text.Json;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Routes.Cards;

/// <summary>
/// Every card the route guide sends, as Adaptive Card 1.5 attachments built from the templates in
/// <c>Routes/Cards</c>. Submit data: <c>{"guide":"answer","q":…,"a":…}</c> (handled by the guide) and
/// the app's commands: <c>{"command":"routes","action":"route"|"contact","route":…}</c>,
/// <c>{"command":"book"[,"route":…]}</c>, <c>guide</c>, <c>routes</c>, <c>startOver</c>,
/// <c>whatStored</c>, <c>forgetMe</c>, <c>help</c>.
/// </summary>
public sealed class RouteCards(IOptions<RetentionOptions> retention, IKeyProvider? keys = null)
{
    private const string Feature = "Routes";

    /// <summary>One guide question with a button per option; the last option is always "rather not say".</summary>
    public Attachment Question(GuideQuestion question, GuideAnswers answersSoFar, CultureInfo culture)
    {
        var values = new CardValues()
            .Set("step", Texts.Format(culture, "routes.guide.step", GuideQuestionnaire.StepOf(question), GuideQuestionnaire.TotalSteps(answersSoFar)))
            .Set("title", QuestionTitle(question, culture))
            .Set("hint", Texts.Get(culture, $"routes.q.{GuideQuestionnaire.WireName(question)}.hint"))
            .SetList("options", AnswerOptions(question, culture));
        return CardTemplates.Card(Feature, "question", values, culture);
    }

    /// <summary>
    /// The fitting routes, best first, each with why it fits and its next steps; above them the
    /// conflict-of-interest sentence when a route was left out, below them the notes.
    /// </summary>
    public Attachment Result(RouteAdvice advice, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(advice);
        var role = advice.Answers.Role;
        var routes = advice.Routes.Select((advised, index) => Bind("result-route", WithBooking(new CardValues(), advised.Route, role, culture)
                .Set("id", advised.Route.Id)
                .Set("heading", Texts.Format(culture, "routes.result.rank", index + 1, advised.Route.Title.In(culture)))
                .Set("kind", KindLabel(advised.Route, culture))
                .Set("reason", advised.Reason)
                .Set("anonymityNote", AnonymityNote(advised, culture))
                .When("anonymityNote", advised.Flags.HasFlag(AdviceFlags.AnonymityCaveat) || advised.Flags.HasFlag(AdviceFlags.NotAnonymous))
                .When("dutyToReport", advised.Flags.HasFlag(AdviceFlags.DutyToReportNote)),
            culture));
        var notes = (advice.Notes ?? []).Select(key => Bind("result-note", new CardValues()
                .Set("text", Texts.Get(culture, key))
                .Set("title", OptionalText(culture, key + ".title") ?? string.Empty)
                .When("title", OptionalText(culture, key + ".title") is not null),
            culture));
        var values = new CardValues()
            .SetList("routes", routes)
            .SetList("notes", notes)
            .Set("audience", AdviceRules.BookingAudienceOf(role).ToString())
            .Set("conflict", advice.Conflict is { } conflict ? ConflictSentence(conflict, culture) : string.Empty)
            .When("conflict", advice.Conflict is not null);
        return CardTemplates.Card(Feature, "result", values, culture);
    }

    /// <summary>One sentence: who is involved, which routes are therefore not advised, and what takes their place.</summary>
    public static string ConflictSentence(ConflictOfInterest conflict, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        var who = Texts.Get(culture, $"routes.conflict.who.{conflict.Involved}");
        var leftOut = JoinTitles(conflict.LeftOut.Select(route => route.Title.In(culture)).ToList(), culture);
        var specific = $"routes.conflict.sentence.{conflict.Involved}";
        if (conflict.Replacement is not { } replacement)
        {
            return Texts.Format(culture, "routes.conflict.sentenceNoReplacement", who, leftOut);
        }

        return Texts.Format(culture, OptionalText(culture, specific) is null ? "routes.conflict.sentence" : specific, who, leftOut, Quoted(replacement.Title.In(culture), culture));
    }

    /// <summary>The book button of a route: its title, and the audience and kind of confidant that a booking from it offers.</summary>
    private static CardValues WithBooking(CardValues values, ReportingRoute route, Role? role, CultureInfo culture)
    {
        var booking = AdviceRules.Default.BookingOf(route.Id);
        var audience = booking.AudienceFor(role);
        var title = audience == Roster.Audience.Employees
            ? Texts.Get(culture, booking.Kind switch
            {
                Roster.ConfidantKind.Internal => "routes.action.book.internal",
                Roster.ConfidantKind.External => "routes.action.book.external",
                _ => "routes.action.book",
            })
            : Texts.Get(culture, "routes.action.book.council");
        return values
            .Set("bookTitle", title)
            .Set("bookAudience", audience.ToString())
            .Set("bookKind", booking.Kind?.ToString() ?? string.Empty)
            .When("bookKind", route.Bookable && booking.Kind is not null)
            .When("bookAnyKind", route.Bookable && booking.Kind is null);
    }

    private static string JoinTitles(IReadOnlyList<string> titles, CultureInfo culture)
    {
        var quoted = titles.Select(title => Quoted(title, culture)).ToList();
        return quoted.Count <= 1
            ? string.Concat(quoted)
            : string.Join(", ", quoted.Take(quoted.Count - 1)) + Texts.Get(culture, "routes.conflict.and") + quoted[^1];
    }

    /// <summary>A text that only some keys have (a note's title, a role's own conflict sentence).</summary>
    private static string? OptionalText(CultureInfo culture, string key) =>
        Texts.For(culture).TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static string Quoted(string title, CultureInfo culture) => Texts.Format(culture, "routes.conflict.quoted", title);

    /// <summary>All routes of this municipality, to browse.</summary>
    public Attachment RouteList(RouteCatalogue catalogue, CultureInfo culture)
    {
        var items = catalogue.Routes.Select(route => Bind("route-list-item", new CardValues()
                .Set("id", route.Id)
                .Set("title", route.Title.In(culture))
                .Set("kind", KindLabel(route, culture))
                .Set("summary", route.Summary.In(culture)),
            culture));
        return CardTemplates.Card(Feature, "route-list", new CardValues().SetList("routes", items), culture);
    }

    /// <summary>Everything about one route; an unknown id gets a card that says so and offers the list.</summary>
    public Attachment RouteDetail(RouteCatalogue catalogue, string? routeId, CultureInfo culture)
    {
        if (catalogue.Find(routeId) is not { } route)
        {
            return UnknownRoute(culture);
        }

        var contact = catalogue.ContactFor(route);
        var link = SafeLink(contact?.Url);
        var localLinks = catalogue.LinksFor(route).Where(local => SafeLink(local.Url) is not null).ToList();
        var values = new CardValues()
            .Set("id", route.Id)
            .Set("title", route.Title.In(culture))
            .Set("kind", KindLabel(route, culture))
            .Set("summary", route.Summary.In(culture))
            .Set("purpose", route.Purpose.In(culture))
            .Set("who", route.Who.In(culture))
            .Set("afterwards", route.Afterwards.In(culture))
            .Set("protection", route.Protection.In(culture))
            .Set("risks", route.Risks.In(culture))
            .Set("anonymity", route.Anonymity.Explanation.In(culture))
            .Set("deadlines", route.Deadlines?.In(culture) ?? Texts.Get(culture, "routes.detail.noDeadline"))
            .Set("link", link ?? string.Empty)
            .When("link", link is not null)
            .SetList("contact", ContactBlocks(contact, culture))
            .SetList("localLinks", localLinks.Select(local => Bullet($"- [{local.NameIn(culture).Replace('[', '(').Replace(']', ')')}]({SafeLink(local.Url)})", culture)))
            .When("localLinks", localLinks.Count > 0)
            .SetList("legalBasis", route.LegalBasis.Select(source => Bullet(LegalSourceLine(source, culture), culture)));
        return CardTemplates.Card(Feature, "route-detail", WithBooking(values, route, role: null, culture), culture);
    }

    /// <summary>The contact of one route, or a neutral "ask HR / see the intranet" when none is configured.</summary>
    public Attachment Contact(RouteCatalogue catalogue, string? routeId, CultureInfo culture)
    {
        if (catalogue.Find(routeId) is not { } route)
        {
            return UnknownRoute(culture);
        }

        var contact = catalogue.ContactFor(route);
        var link = SafeLink(contact?.Url);
        var values = new CardValues()
            .Set("id", route.Id)
            .Set("heading", Texts.Format(culture, "routes.contact.title", route.Title.In(culture)))
            .Set("link", link ?? string.Empty)
            .When("link", link is not null)
            .SetList("contact", ContactBlocks(contact, culture));
        return CardTemplates.Card(Feature, "contact", values, culture);
    }

    /// <summary>
    /// "What do you store?": in plain words, what the bot keeps and for how long (the configured
    /// retention), and where the key is: Azure Key Vault, or in local mode a file on this computer.
    /// </summary>
    public Attachment Privacy(CultureInfo culture) => CardTemplates.Card(Feature, "privacy", new CardValues()
            .Set("routing", Texts.Get(culture, keys is LocalKeyFileProvider ? "routes.privacy.routingLocal" : "routes.privacy.routing"))
            .Set("retention", Texts.Format(culture, "routes.privacy.retention", retention.Value.DaysAfterAppointment)),
        culture);

    /// <summary>
    /// The kind answer to typed text: the bot neither keeps nor reads it, a confidant is the one to
    /// tell, and here are the choices again: the current question's, or else the app's menu.
    /// </summary>
    public Attachment FreeText(CultureInfo culture, GuideQuestion? currentQuestion = null)
    {
        if (currentQuestion is not { } question)
        {
            var menu = new CardValues().When("hasIntro").Set("intro", Texts.Get(culture, "routes.freeText.text"));
            return CardTemplates.Card("Conversation", "menu", menu, culture);
        }

        return CardTemplates.Card(Feature, "free-text", new CardValues()
                .Set("questionTitle", QuestionTitle(question, culture))
                .SetList("choices", AnswerOptions(question, culture)),
            culture);
    }

    private static Attachment UnknownRoute(CultureInfo culture) => CardTemplates.Card(Feature, "unknown-route", new CardValues(), culture);

    /// <summary>A button per option; for a multi-select question one block of tick boxes, the optional toggle and a "next" button.</summary>
    private static IEnumerable<JsonElement> AnswerOptions(GuideQuestion question, CultureInfo culture)
    {
        var wireName = GuideQuestionnaire.WireName(question);
        if (GuideQuestionnaire.IsMultiSelect(question))
        {
            var choices = GuideQuestionnaire.OptionsOf(question).Select(option => Bind("answer-choice", new CardValues()
                    .Set("label", Texts.Get(culture, $"routes.a.{wireName}.{option}"))
                    .Set("a", option),
                culture));
            return [Bind("answer-multi", new CardValues()
                    .SetList("choices", choices)
                    .Set("toggle", Texts.Get(culture, $"routes.q.{wireName}.{GuideQuestionnaire.EasyToRecogniseField}"))
                    .Set("toggleHint", Texts.Get(culture, $"routes.q.{wireName}.{GuideQuestionnaire.EasyToRecogniseField}.hint"))
                    .Set("q", wireName),
                culture)];
        }

        return GuideQuestionnaire.OptionsOf(question).Select(option => Bind("answer-option", new CardValues()
                .Set("label", Texts.Get(culture, $"routes.a.{wireName}.{option}"))
                .Set("q", wireName)
                .Set("a", option),
            culture));
    }

    private static string QuestionTitle(GuideQuestion question, CultureInfo culture) =>
        Texts.Get(culture, $"routes.q.{GuideQuestionnaire.WireName(question)}.title");

    /// <summary>The contact's facts and HR's note for the person, or the neutral "ask HR" line.</summary>
    private static IEnumerable<JsonElement> ContactBlocks(RouteContact? contact, CultureInfo culture)
    {
        if (contact is null)
        {
            yield return Bind("contact-fallback", new CardValues(), culture);
            yield break;
        }

        yield return ContactFacts(contact, culture);
        if (contact.Note?.In(culture) is { Length: > 0 } note && !string.IsNullOrWhiteSpace(note))
        {
            yield return Bind("contact-note", new CardValues().Set("note", note), culture);
        }
    }

    private static JsonElement ContactFacts(RouteContact contact, CultureInfo culture)
    {
        var link = SafeLink(contact.Url);
        return Bind("contact-facts", new CardValues()
                .Set("name", contact.NameIn(culture))
                .Set("email", contact.Email ?? string.Empty).When("email", !string.IsNullOrWhiteSpace(contact.Email))
                .Set("phone", contact.Phone ?? string.Empty).When("phone", !string.IsNullOrWhiteSpace(contact.Phone))
                .Set("link", link ?? string.Empty).When("link", link is not null),
            culture);
    }

    /// <summary>One source as a bullet; its official page, when there is one, as a Markdown link (TextBlock renders links).</summary>
    private static string LegalSourceLine(LegalSource source, CultureInfo culture)
    {
        var link = SafeLink(source.Url);
        return link is null
            ? "- " + source.In(culture)
            : $"- {source.In(culture)} [{Texts.Get(culture, "routes.detail.legalBasisLink")}]({link})";
    }

    private static JsonElement Bullet(string text, CultureInfo culture) => Bind("bullet", new CardValues().Set("text", text), culture);

    private static string KindLabel(ReportingRoute route, CultureInfo culture) => Texts.Get(culture, $"routes.kind.{route.Kind}");

    private static string AnonymityNote(AdvisedRoute advised, CultureInfo culture) =>
        advised.Flags.HasFlag(AdviceFlags.NotAnonymous)
            ? Texts.Get(culture, "routes.note.notAnonymous") + " " + advised.Route.Anonymity.Explanation.In(culture)
            : advised.Route.Anonymity.Explanation.In(culture);

    /// <summary>Only an absolute http(s) address becomes a link; anything else HR typed is not offered as one.</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static JsonElement Bind(string name, CardValues values, CultureInfo culture) => CardTemplates.Bind(Feature, name, values, culture);
}
