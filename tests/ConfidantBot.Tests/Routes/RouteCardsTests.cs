using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Routes;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;
using Json.Schema;

namespace ConfidantBot.Tests.Routes;

public sealed class RouteCardsTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "TestData", "schemas", "adaptive-card-1.5.json")));

    private static readonly HashSet<string> KnownElementTypes =
    [
        "AdaptiveCard", "TextBlock", "Container", "ActionSet", "FactSet", "ColumnSet", "Column", "Image",
        "Action.Submit", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility",
    ];

    private static readonly RouteCards Cards = new();

    /// <summary>Teams refuses bot messages above about 28 KB; keep every card well below.</summary>
    private const int TeamsMessageLimitBytes = 24 * 1024;

    private static readonly RouteContact FullContact = new("Kabinet \"van\" de burgemeester ${id} }{", "kabinet@example.org", "+31 20 123 4567", "https://example.org/melden");

    private static RouteCatalogue Catalogue(bool withContacts) => new(
        RouteSeed.Document.Version,
        RouteSeed.Document.Routes,
        withContacts ? RouteSeed.Document.Routes.ToDictionary(route => route.Contact, _ => FullContact) : null);

    /// <summary>Every card the guide can send, in both languages.</summary>
    private static readonly Lazy<Dictionary<string, Attachment>> BuiltCards = new(BuildAllCards);

    public static TheoryData<string> AllCards() => [.. BuiltCards.Value.Keys];

    private static Dictionary<string, Attachment> BuildAllCards()
    {
        var cards = new Dictionary<string, Attachment>(StringComparer.Ordinal);
        foreach (var culture in new[] { GuideLocale.Dutch, GuideLocale.English })
        {
            var lang = culture.TwoLetterISOLanguageName;
            var councilMember = new GuideAnswers(Role: Role.CouncilMember);
            foreach (var question in Enum.GetValues<GuideQuestion>())
            {
                cards[$"{lang} question {question}"] = Cards.Question(question, councilMember, culture);
                cards[$"{lang} free text during {question}"] = Cards.FreeText(culture, question);
            }

            cards[$"{lang} free text outside the guide"] = Cards.FreeText(culture);
            cards[$"{lang} privacy"] = Cards.Privacy(culture);
            cards[$"{lang} help"] = Cards.Help(culture);
            foreach (var withContacts in new[] { true, false })
            {
                var catalogue = Catalogue(withContacts);
                var variant = withContacts ? "with contacts" : "without contacts";
                cards[$"{lang} route list {variant}"] = Cards.RouteList(catalogue, culture);
                foreach (var route in catalogue.Routes)
                {
                    cards[$"{lang} detail {route.Id} {variant}"] = Cards.RouteDetail(catalogue, route.Id, culture);
                    cards[$"{lang} contact {route.Id} {variant}"] = Cards.Contact(catalogue, route.Id, culture);
                }

                cards[$"{lang} unknown route detail {variant}"] = Cards.RouteDetail(catalogue, "doesNotExist", culture);
                cards[$"{lang} unknown route contact {variant}"] = Cards.Contact(catalogue, null, culture);
            }

            foreach (var (name, answers) in ResultSituations())
            {
                cards[$"{lang} result {name}"] = Cards.Result(new RouteAdvisor(Catalogue(withContacts: true)).Advise(answers, culture), culture);
            }
        }

        return cards;
    }

    private static IEnumerable<(string Name, GuideAnswers Answers)> ResultSituations() =>
    [
        ("alderman intimidation talk", new(Topic.UndesirableBehaviour, Involved.AldermanOrMayor, Wish.ConfidentialTalk, Role.Employee)),
        ("contractor public interest anonymous", new(Topic.PublicInterestWrongdoing, Involved.OutsideParty, Wish.Anonymous, Role.ContractorInternVolunteerApplicant)),
        ("council conduct", new(Topic.UndesirableBehaviour, Involved.CouncilMember, Wish.Anonymous, Role.CouncilMember, CouncilConduct.Yes)),
        ("integrity colleague talk", new(Topic.IntegritySuspicion, Involved.Colleague, Wish.ConfidentialTalk, Role.Employee)),
        ("not sure", new(Topic.NotSure, Involved.NotSure, Wish.NotSure, Role.RatherNotSay)),
    ];

    private static JsonNode Card(string name)
    {
        var attachment = BuiltCards.Value[name];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return JsonNode.Parse(attachment.Content!.Value.GetRawText())!;
    }

    [Theory]
    [MemberData(nameof(AllCards))]
    public void Every_card_is_valid_against_the_Adaptive_Card_1_5_schema(string name)
    {
        var card = Card(name);

        var result = Schema.Value.Evaluate(card, new EvaluationOptions { EvaluateAs = SpecVersion.Draft6, OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(detail => detail.HasErrors)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")).Take(10)));
    }

    [Theory]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock"}]}""")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Unknown","text":"x"}]}""")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"x","size":"Enormous"}]}""")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","actions":[{"type":"Action.Submit","data":42}]}""")]
    public void The_schema_check_catches_a_broken_card(string json)
    {
        var result = Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions { EvaluateAs = SpecVersion.Draft6 });

        Assert.False(result.IsValid);
    }

    [Theory]
    [MemberData(nameof(AllCards))]
    public void Every_card_renders_in_Teams_with_no_empty_or_unfilled_text(string name)
    {
        var card = Card(name);

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.True(((JsonArray)card["body"]!).Count > 0);
        foreach (var node in Descendants(card))
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var text))
            {
                Assert.DoesNotContain("${", text.Replace(FullContact.Name, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            }

            if (node is not JsonObject element)
            {
                continue;
            }

            Assert.False(element.ContainsKey("$when") || element.ContainsKey("$list"), "a template instruction was left in the card");
            var type = (string?)element["type"];
            if (type is null)
            {
                continue;
            }

            Assert.Contains(type, KnownElementTypes);
            Assert.NotEqual("Media", type);
            Assert.NotEqual("Action.Execute", type);
            Assert.DoesNotContain((string?)element["style"], new[] { "positive", "destructive" });
            switch (type)
            {
                case "TextBlock":
                    Assert.False(string.IsNullOrWhiteSpace((string?)element["text"]), "empty TextBlock");
                    break;
                case "Action.Submit":
                    Assert.IsType<JsonObject>(element["data"], exactMatch: false);
                    Assert.False(string.IsNullOrWhiteSpace((string?)element["title"]), "button without a title");
                    break;
                case "ActionSet":
                    Assert.InRange(((JsonArray)element["actions"]!).Count, 1, 6);
                    break;
                case "FactSet":
                    Assert.All((JsonArray)element["facts"]!, fact =>
                        Assert.False(string.IsNullOrWhiteSpace((string?)fact!["title"]) || string.IsNullOrWhiteSpace((string?)fact["value"])));
                    break;
            }
        }

        Assert.InRange(((JsonArray?)card["actions"])?.Count ?? 0, 0, 6);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString()) < TeamsMessageLimitBytes, "too big for one Teams message");
    }

    [Theory]
    [InlineData(GuideQuestion.Topic, "topic", 5)]
    [InlineData(GuideQuestion.Involved, "involved", 7)]
    [InlineData(GuideQuestion.Wish, "wish", 6)]
    [InlineData(GuideQuestion.Role, "role", 6)]
    [InlineData(GuideQuestion.CouncilConduct, "councilConduct", 3)]
    public void A_question_offers_every_answer_as_a_button_ending_with_rather_not_say(GuideQuestion question, string wireName, int options)
    {
        var card = JsonNode.Parse(Cards.Question(question, GuideAnswers.None, GuideLocale.Dutch).Content!.Value.GetRawText())!;

        var answers = Submits(card).Where(data => (string?)data["guide"] == "answer").ToList();

        Assert.Equal(options, answers.Count);
        Assert.All(answers, data => Assert.Equal(wireName, (string?)data["q"]));
        Assert.Equal("RatherNotSay", (string?)answers[^1]["a"]);
        Assert.Contains(Submits(card), data => (string?)data["action"] == "startOver");
        Assert.Contains(Submits(card), data => (string?)data["action"] == "privacy");
        Assert.Contains(Submits(card), data => (string?)data["action"] == "help");
    }

    [Fact]
    public void A_question_says_which_step_it_is_out_of_four_or_five_for_council_members()
    {
        var employee = Texts(Cards.Question(GuideQuestion.Wish, new GuideAnswers(Role: Role.Employee), GuideLocale.Dutch));
        var councilMember = Texts(Cards.Question(GuideQuestion.CouncilConduct, new GuideAnswers(Role: Role.CouncilMember), GuideLocale.English));

        Assert.Contains("Vraag 3 van 4", employee);
        Assert.Contains("Question 5 of 5", councilMember);
    }

    [Fact]
    public void The_result_lists_the_routes_in_order_with_why_and_buttons_for_the_next_step()
    {
        var advice = new RouteAdvisor(Catalogue(withContacts: false)).Advise(
            new GuideAnswers(Topic.UndesirableBehaviour, Involved.AldermanOrMayor, Wish.ConfidentialTalk, Role.Employee), GuideLocale.Dutch);

        var card = JsonNode.Parse(Cards.Result(advice, GuideLocale.Dutch).Content!.Value.GetRawText())!;
        var texts = Texts(card);
        var submits = Submits(card).ToList();

        Assert.StartsWith("1. Externe vertrouwenspersoon", texts.First(text => text.StartsWith("1.", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(advice.Routes[0].Reason, texts);
        Assert.Contains(texts, text => text.Contains("veel minder effectief", StringComparison.Ordinal));
        Assert.Contains(submits, data => (string?)data["action"] == "book" && data["route"] is null);
        foreach (var route in advice.Routes)
        {
            Assert.Contains(submits, data => (string?)data["action"] == "contact" && (string?)data["route"] == route.Route.Id);
            Assert.Contains(submits, data => (string?)data["action"] == "route" && (string?)data["route"] == route.Route.Id);
        }
    }

    [Fact]
    public void The_duty_to_report_of_an_internal_confidant_is_said_plainly_where_it_matters()
    {
        var advice = new RouteAdvisor(Catalogue(withContacts: false)).Advise(
            new GuideAnswers(Topic.IntegritySuspicion, Involved.Colleague, Wish.ConfidentialTalk, Role.Employee), GuideLocale.English);

        var texts = Texts(Cards.Result(advice, GuideLocale.English));

        Assert.Contains(texts, text => text.Contains("article 162", StringComparison.Ordinal));
    }

    [Fact]
    public void A_contact_that_is_not_configured_reads_ask_HR_never_an_empty_placeholder()
    {
        var catalogue = Catalogue(withContacts: false);

        var dutch = Texts(Cards.Contact(catalogue, "mayor", GuideLocale.Dutch));
        var english = Texts(Cards.RouteDetail(catalogue, "griffier", GuideLocale.English));

        Assert.Contains(dutch, text => text.Contains("Vraag het HR", StringComparison.Ordinal));
        Assert.Contains(english, text => text.Contains("Ask HR", StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_contact_is_shown_exactly_as_HR_typed_it_even_with_quotes_and_braces()
    {
        var card = Cards.Contact(Catalogue(withContacts: true), "mayor", GuideLocale.Dutch);

        var json = card.Content!.Value.GetRawText();
        var node = JsonNode.Parse(json)!;

        Assert.Contains(FullContact.Name, Descendants(node).OfType<JsonValue>().Select(value => value.ToString()));
        Assert.Contains(Descendants(node).OfType<JsonObject>(), element => (string?)element["type"] == "Action.OpenUrl" && (string?)element["url"] == "https://example.org/melden");
    }

    [Fact]
    public void A_contact_link_that_is_not_http_is_not_offered_as_a_link()
    {
        var catalogue = new RouteCatalogue(1, RouteSeed.Document.Routes, new Dictionary<string, RouteContact>
        {
            ["mayorsOffice"] = new("Kabinet", Url: "javascript:alert(1)"),
        });

        var json = Cards.Contact(catalogue, "mayor", GuideLocale.Dutch).Content!.Value.GetRawText();

        Assert.DoesNotContain("javascript", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.OpenUrl", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_route_gets_a_clear_answer_and_the_way_back_to_the_list()
    {
        var card = JsonNode.Parse(Cards.RouteDetail(Catalogue(false), "<script>", GuideLocale.Dutch).Content!.Value.GetRawText())!;

        Assert.Contains("Die route ken ik niet.", Texts(card));
        Assert.Contains(Submits(card), data => (string?)data["action"] == "routes");
    }

    [Fact]
    public void The_privacy_card_says_in_plain_Dutch_what_is_kept_and_for_how_long()
    {
        var texts = string.Join(" ", Texts(Cards.Privacy(GuideLocale.Dutch)));

        Assert.Contains("14 dagen na de afspraak", texts, StringComparison.Ordinal);
        Assert.Contains("Azure Key Vault", texts, StringComparison.Ordinal);
        Assert.Contains("geen berichten", texts, StringComparison.Ordinal);
        Assert.Contains("vergeet mij", texts, StringComparison.Ordinal);
    }

    [Fact]
    public void The_free_text_reply_is_kind_and_offers_the_current_choices_again()
    {
        var card = JsonNode.Parse(Cards.FreeText(GuideLocale.English, GuideQuestion.Wish).Content!.Value.GetRawText())!;

        Assert.Contains(Texts(card), text => text.Contains("do not keep or read", StringComparison.Ordinal) && text.Contains("confidant", StringComparison.Ordinal));
        Assert.Equal(Enum.GetNames<Wish>(), Submits(card).Where(data => (string?)data["q"] == "wish").Select(data => (string?)data["a"]));
    }

    [Fact]
    public void Route_detail_shows_the_legal_deadlines_or_says_there_are_none()
    {
        var catalogue = Catalogue(false);

        Assert.Contains(Texts(Cards.RouteDetail(catalogue, "whistleblowerInternal", GuideLocale.Dutch)), text => text.Contains("binnen 7 dagen", StringComparison.Ordinal));
        Assert.Contains("The law sets no deadline for this route.", Texts(Cards.RouteDetail(catalogue, "externalConfidant", GuideLocale.English)));
    }

    [Theory]
    [InlineData(null, "nl-NL")]
    [InlineData("", "nl-NL")]
    [InlineData("nl-NL", "nl-NL")]
    [InlineData("fr-FR", "nl-NL")]
    [InlineData("en", "en-US")]
    [InlineData("en-GB", "en-US")]
    [InlineData("EN-us", "en-US")]
    [InlineData("eng", "nl-NL")]
    public void The_language_follows_the_activity_locale_with_Dutch_by_default(string? locale, string expected)
    {
        var culture = GuideLocale.FromActivityLocale(locale);

        Assert.Equal(expected, culture.Name);
        Assert.Equal(expected, (string?)JsonNode.Parse(Cards.Help(culture).Content!.Value.GetRawText())!["lang"]);
    }

    [Fact]
    public void Both_languages_have_the_same_texts()
    {
        Assert.Equal(GuideTexts.For(GuideLocale.Dutch).Keys.Order(), GuideTexts.For(GuideLocale.English).Keys.Order());
    }

    private static List<string> Texts(Attachment attachment) => Texts(JsonNode.Parse(attachment.Content!.Value.GetRawText())!);

    private static List<string> Texts(JsonNode card) =>
        [.. Descendants(card).OfType<JsonObject>().Where(element => (string?)element["type"] == "TextBlock").Select(element => (string)element["text"]!)];

    private static IEnumerable<JsonObject> Submits(JsonNode card) =>
        Descendants(card).OfType<JsonObject>().Where(element => (string?)element["type"] == "Action.Submit").Select(element => (JsonObject)element["data"]!);

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(property => property.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
