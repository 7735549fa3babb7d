using System.Globalization;
using System.Text.Json;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
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
public sealed class RouteCards(IOptions<RetentionOptions> retention)
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

    /// <summary>The fitting routes, best first, each with why it fits and its next steps.</summary>
    public Attachment Result(RouteAdvice advice, CultureInfo culture)
    {
        var routes = advice.Routes.Select((advised, index) => Bind("result-route", new CardValues()
                .Set("id", advised.Route.Id)
                .Set("heading", Texts.Format(culture, "routes.result.rank", index + 1, advised.Route.Title.In(culture)))
                .Set("kind", KindLabel(advised.Route, culture))
                .Set("reason", advised.Reason)
                .Set("anonymityNote", AnonymityNote(advised, culture))
                .When("anonymityNote", advised.Flags.HasFlag(AdviceFlags.AnonymityCaveat) || advised.Flags.HasFlag(AdviceFlags.NotAnonymous))
                .When("dutyToReport", advised.Flags.HasFlag(AdviceFlags.DutyToReportNote))
                .When("bookable", advised.Route.Bookable),
            culture));
        return CardTemplates.Card(Feature, "result", new CardValues().SetList("routes", routes), culture);
    }

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
            .When("bookable", route.Bookable)
            .SetList("contact", [ContactBlock(contact, culture)])
            .SetList("legalBasis", route.LegalBasis.Select(source => Bind("legal-source", new CardValues().Set("text", LegalSourceLine(source, culture)), culture)));
        return CardTemplates.Card(Feature, "route-detail", values, culture);
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
            .SetList("contact", [ContactBlock(contact, culture)]);
        return CardTemplates.Card(Feature, "contact", values, culture);
    }

    /// <summary>"What do you store?": in plain words, what the bot keeps and for how long (the configured retention).</summary>
    public Attachment Privacy(CultureInfo culture) => CardTemplates.Card(Feature, "privacy", new CardValues()
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

    private static IEnumerable<JsonElement> AnswerOptions(GuideQuestion question, CultureInfo culture)
    {
        var wireName = GuideQuestionnaire.WireName(question);
        return GuideQuestionnaire.OptionsOf(question).Select(option => Bind("answer-option", new CardValues()
                .Set("label", Texts.Get(culture, $"routes.a.{wireName}.{option}"))
                .Set("q", wireName)
                .Set("a", option),
            culture));
    }

    private static string QuestionTitle(GuideQuestion question, CultureInfo culture) =>
        Texts.Get(culture, $"routes.q.{GuideQuestionnaire.WireName(question)}.title");

    private static JsonElement ContactBlock(RouteContact? contact, CultureInfo culture)
    {
        if (contact is null)
        {
            return Bind("contact-fallback", new CardValues(), culture);
        }

        var link = SafeLink(contact.Url);
        return Bind("contact-facts", new CardValues()
                .Set("name", contact.Name)
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
