using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Cards;

/// <summary>
/// Every card the route guide sends, as Adaptive Card 1.5 attachments built from the templates in
/// <c>Routes/Cards</c>. Submit data the dialog must handle: <c>{"guide":"answer","q":…,"a":…}</c> and
/// <c>{"action": "book" | "contact" | "route" | "routes" | "startGuide" | "startOver" | "help" | "privacy" | "forgetMe"}</c>
/// (with <c>"route"</c> for contact, route and a route-specific book).
/// </summary>
public sealed class RouteCards
{
    /// <summary>One guide question with a button per option; the last option is always "rather not say".</summary>
    public Attachment Question(GuideQuestion question, GuideAnswers answersSoFar, CultureInfo culture)
    {
        var values = new CardValues()
            .Set("step", GuideTexts.Format(culture, "guide.step", GuideQuestionnaire.StepOf(question), GuideQuestionnaire.TotalSteps(answersSoFar)))
            .Set("title", QuestionTitle(question, culture))
            .Set("hint", GuideTexts.Get(culture, $"q.{GuideQuestionnaire.WireName(question)}.hint"))
            .SetList("options", AnswerOptions(question, culture));
        return ToAttachment(CardTemplate.Bind("question", values, culture));
    }

    /// <summary>The fitting routes, best first, each with why it fits and its next steps.</summary>
    public Attachment Result(RouteAdvice advice, CultureInfo culture)
    {
        var routes = advice.Routes.Select((advised, index) => CardTemplate.Bind("result-route", new CardValues()
                .Set("id", advised.Route.Id)
                .Set("heading", GuideTexts.Format(culture, "result.rank", index + 1, advised.Route.Title.In(culture)))
                .Set("kind", KindLabel(advised.Route, culture))
                .Set("reason", advised.Reason)
                .Set("anonymityNote", AnonymityNote(advised, culture))
                .When("anonymityNote", advised.Flags.HasFlag(AdviceFlags.AnonymityCaveat) || advised.Flags.HasFlag(AdviceFlags.NotAnonymous))
                .When("dutyToReport", advised.Flags.HasFlag(AdviceFlags.DutyToReportNote))
                .When("bookable", advised.Route.Bookable),
            culture));
        return ToAttachment(CardTemplate.Bind("result", new CardValues().SetList("routes", routes), culture));
    }

    /// <summary>All routes of this municipality, to browse.</summary>
    public Attachment RouteList(RouteCatalogue catalogue, CultureInfo culture)
    {
        var items = catalogue.Routes.Select(route => CardTemplate.Bind("route-list-item", new CardValues()
                .Set("id", route.Id)
                .Set("title", route.Title.In(culture))
                .Set("kind", KindLabel(route, culture))
                .Set("summary", route.Summary.In(culture)),
            culture));
        return ToAttachment(CardTemplate.Bind("route-list", new CardValues().SetList("routes", items), culture));
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
            .Set("deadlines", route.Deadlines?.In(culture) ?? GuideTexts.Get(culture, "detail.noDeadline"))
            .Set("link", link ?? string.Empty)
            .When("link", link is not null)
            .When("bookable", route.Bookable)
            .SetList("contact", [ContactBlock(contact, culture)]);
        return ToAttachment(CardTemplate.Bind("route-detail", values, culture));
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
            .Set("heading", GuideTexts.Format(culture, "contact.title", route.Title.In(culture)))
            .Set("link", link ?? string.Empty)
            .When("link", link is not null)
            .SetList("contact", [ContactBlock(contact, culture)]);
        return ToAttachment(CardTemplate.Bind("contact", values, culture));
    }

    /// <summary>"What do you store?": in plain words, what the bot keeps and for how long.</summary>
    public Attachment Privacy(CultureInfo culture) => ToAttachment(CardTemplate.Bind("privacy", new CardValues(), culture));

    public Attachment Help(CultureInfo culture) =>
        ToAttachment(CardTemplate.Bind("help", new CardValues().SetList("menu", [Menu(culture)]), culture));

    /// <summary>
    /// The kind answer to typed text: the bot neither keeps nor reads it, a confidant is the one to
    /// tell, and here are the choices again (the current question's, or the main menu).
    /// </summary>
    public Attachment FreeText(CultureInfo culture, GuideQuestion? currentQuestion = null)
    {
        var values = new CardValues().When("question", currentQuestion is not null);
        if (currentQuestion is { } question)
        {
            values.Set("questionTitle", QuestionTitle(question, culture)).SetList("choices", AnswerOptions(question, culture));
        }
        else
        {
            values.SetList("choices", [Menu(culture)]);
        }

        return ToAttachment(CardTemplate.Bind("free-text", values, culture));
    }

    private static Attachment UnknownRoute(CultureInfo culture) => ToAttachment(CardTemplate.Bind("unknown-route", new CardValues(), culture));

    private static JsonNode Menu(CultureInfo culture) => CardTemplate.Bind("menu", new CardValues(), culture);

    private static IEnumerable<JsonNode> AnswerOptions(GuideQuestion question, CultureInfo culture)
    {
        var wireName = GuideQuestionnaire.WireName(question);
        return GuideQuestionnaire.OptionsOf(question).Select(option => CardTemplate.Bind("answer-option", new CardValues()
                .Set("label", GuideTexts.Get(culture, $"a.{wireName}.{option}"))
                .Set("q", wireName)
                .Set("a", option),
            culture));
    }

    private static string QuestionTitle(GuideQuestion question, CultureInfo culture) =>
        GuideTexts.Get(culture, $"q.{GuideQuestionnaire.WireName(question)}.title");

    private static JsonNode ContactBlock(RouteContact? contact, CultureInfo culture)
    {
        if (contact is null)
        {
            return CardTemplate.Bind("contact-fallback", new CardValues(), culture);
        }

        var link = SafeLink(contact.Url);
        return CardTemplate.Bind("contact-facts", new CardValues()
                .Set("name", contact.Name)
                .Set("email", contact.Email ?? string.Empty).When("email", !string.IsNullOrWhiteSpace(contact.Email))
                .Set("phone", contact.Phone ?? string.Empty).When("phone", !string.IsNullOrWhiteSpace(contact.Phone))
                .Set("link", link ?? string.Empty).When("link", link is not null),
            culture);
    }

    private static string KindLabel(ReportingRoute route, CultureInfo culture) => GuideTexts.Get(culture, $"kind.{route.Kind}");

    private static string AnonymityNote(AdvisedRoute advised, CultureInfo culture) =>
        advised.Flags.HasFlag(AdviceFlags.NotAnonymous)
            ? GuideTexts.Get(culture, "note.notAnonymous") + " " + advised.Route.Anonymity.Explanation.In(culture)
            : advised.Route.Anonymity.Explanation.In(culture);

    /// <summary>Only an absolute http(s) address becomes a link; anything else HR typed is not offered as one.</summary>
    private static string? SafeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static Attachment ToAttachment(JsonNode card) => Attachment.AdaptiveCard(JsonSerializer.SerializeToElement(card));
}
