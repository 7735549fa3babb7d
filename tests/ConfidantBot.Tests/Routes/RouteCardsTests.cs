using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Routes.Advice;
using ConfidantBot.Routes.Cards;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;
using Microsoft.Extensions.Options;
using static ConfidantBot.Tests.Routes.CardChecks;

namespace ConfidantBot.Tests.Routes;

public sealed class RouteCardsTests
{
    private static readonly RouteCards Cards = new(Options.Create(new RetentionOptions()));

    private static readonly RouteContact FullContact = new("Kabinet \"van\" de burgemeester ${id} }{", "kabinet@example.org", "+31 20 123 4567", "https://example.org/melden");

    private static RouteCatalogue Catalogue(bool withContacts) => new(
        RouteSeed.Document.Version,
        RouteSeed.Document.Routes,
        withContacts ? RouteSeed.Document.Routes.Select(route => route.Contact).Distinct().ToDictionary(key => key, _ => FullContact) : null);

    /// <summary>Every card the guide can send, in both languages.</summary>
    private static readonly Lazy<Dictionary<string, Attachment>> BuiltCards = new(BuildAllCards);

    public static TheoryData<string> AllCards() => [.. BuiltCards.Value.Keys];

    private static Dictionary<string, Attachment> BuildAllCards()
    {
        var cards = new Dictionary<string, Attachment>(StringComparer.Ordinal);
        foreach (var culture in new[] { Locales.Dutch, Locales.English })
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
        ("alderman intimidation talk", new(Topic.UndesirableBehaviour, Involved.Alderman, ReportedBefore.No, Wish.ConfidentialTalk, Role.Employee)),
        ("contractor public interest anonymous", new(Topic.PublicInterestWrongdoing, Involved.OutsideParty, ReportedBefore.No, Wish.Anonymous, Role.ContractorVolunteerOrApplicant)),
        ("council conduct", new(Topic.UndesirableBehaviour, Involved.CouncilMember, ReportedBefore.No, Wish.Anonymous, Role.CouncilMember, CouncilConduct.Yes)),
        ("integrity colleague talk", new(Topic.IntegritySuspicion, Involved.Colleague, ReportedBefore.No, Wish.ConfidentialTalk, Role.Employee)),
        ("not sure", new(Topic.NotSure, Involved.NotSure, ReportedBefore.RatherNotSay, Wish.NotSure, Role.RatherNotSay)),
        ("mayor crime report anonymous, easy to recognise", new(Topic.PossibleCrime, Involved.Mayor, ReportedBefore.YesTreatedWorse, Wish.FormalReport | Wish.Anonymous, Role.Employee, EasyToRecognise: true)),
        ("secretary, reported without answer, intern", new(Topic.IntegritySuspicion, Involved.MunicipalSecretaryOrManagement, ReportedBefore.YesNoAnswer, Wish.KnowMyRights, Role.Intern)),
        ("college member, whole team", new(Topic.UndesirableBehaviour, Involved.WholeTeam, ReportedBefore.No, Wish.ConfidentialTalk, Role.CollegeMember)),
    ];

    private static JsonNode Card(string name) => Parse(BuiltCards.Value[name]);

    [Theory]
    [MemberData(nameof(AllCards))]
    public void Every_card_is_valid_against_the_Adaptive_Card_1_5_schema(string name)
    {
        AssertValidAgainstSchema(Card(name));
    }

    [Theory]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock"}]}""")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Unknown","text":"x"}]}""")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"x","size":"Enormous"}]}""")]
    [InlineData("""{"type":"AdaptiveCard","version":"1.5","actions":[{"type":"Action.Submit","data":42}]}""")]
    public void The_schema_check_catches_a_broken_card(string json)
    {
        Assert.False(Evaluate(JsonNode.Parse(json)).IsValid);
    }

    [Theory]
    [MemberData(nameof(AllCards))]
    public void Every_card_renders_in_Teams_with_no_empty_or_unfilled_text(string name)
    {
        AssertRendersInTeams(Card(name), literalText: FullContact.Name);
    }

    [Theory]
    [InlineData(GuideQuestion.Topic, "topic", 7)]
    [InlineData(GuideQuestion.Involved, "involved", 10)]
    [InlineData(GuideQuestion.ReportedBefore, "reportedBefore", 5)]
    [InlineData(GuideQuestion.Role, "role", 8)]
    [InlineData(GuideQuestion.CouncilConduct, "councilConduct", 3)]
    public void A_question_offers_every_answer_as_a_button_ending_with_rather_not_say(GuideQuestion question, string wireName, int options)
    {
        var card = JsonNode.Parse(Cards.Question(question, GuideAnswers.None, Locales.Dutch).Content!.Value.GetRawText())!;

        var answers = Submits(card).Where(data => (string?)data["guide"] == "answer").ToList();

        Assert.Equal(options, answers.Count);
        Assert.All(answers, data => Assert.Equal(wireName, (string?)data["q"]));
        Assert.Equal("RatherNotSay", (string?)answers[^1]["a"]);
        Assert.Contains(Submits(card), data => (string?)data["command"] == "startOver");
        Assert.Contains(Submits(card), data => (string?)data["command"] == "whatStored");
        Assert.Contains(Submits(card), data => (string?)data["command"] == "help");
    }

    [Fact]
    public void The_wish_question_is_one_multi_select_with_every_wish_the_optional_recognisable_toggle_and_one_next_button()
    {
        var card = JsonNode.Parse(Cards.Question(GuideQuestion.Wish, GuideAnswers.None, Locales.Dutch).Content!.Value.GetRawText())!;

        var choiceSet = Assert.Single(Descendants(card).OfType<JsonObject>(), element => (string?)element["type"] == "Input.ChoiceSet");
        Assert.Equal("a", (string?)choiceSet["id"]);
        Assert.True((bool)choiceSet["isMultiSelect"]!);
        Assert.Equal("expanded", (string?)choiceSet["style"]);
        Assert.Equal(
            ["ConfidentialTalk", "FormalReport", "Anonymous", "KnowMyRights", "NotSure", "RatherNotSay"],
            ((JsonArray)choiceSet["choices"]!).Select(choice => (string)choice!["value"]!));
        var toggle = Assert.Single(Descendants(card).OfType<JsonObject>(), element => (string?)element["type"] == "Input.Toggle");
        Assert.Equal("easyToRecognise", (string?)toggle["id"]);
        Assert.Equal(("true", "false", "false"), ((string?)toggle["valueOn"], (string?)toggle["valueOff"], (string?)toggle["value"]));
        var next = Assert.Single(Submits(card), data => (string?)data["guide"] == "answer");
        Assert.Equal("wish", (string?)next["q"]);
        Assert.Null(next["a"]); // the ticks arrive as the input "a", merged into the submit by Teams and Web Chat
    }

    [Fact]
    public void A_question_says_which_step_it_is_out_of_five_or_six_for_council_members()
    {
        var employee = Texts(Cards.Question(GuideQuestion.Wish, new GuideAnswers(Role: Role.Employee), Locales.Dutch));
        var councilMember = Texts(Cards.Question(GuideQuestion.CouncilConduct, new GuideAnswers(Role: Role.CouncilMember), Locales.English));

        Assert.Contains("Vraag 4 van 5", employee);
        Assert.Contains("Question 6 of 6", councilMember);
    }

    [Fact]
    public void The_result_lists_the_routes_in_order_with_why_and_buttons_for_the_next_step()
    {
        var advice = new RouteAdvisor(Catalogue(withContacts: false)).Advise(
            new GuideAnswers(Topic.UndesirableBehaviour, Involved.Alderman, ReportedBefore.No, Wish.ConfidentialTalk, Role.Employee), Locales.Dutch);

        var card = JsonNode.Parse(Cards.Result(advice, Locales.Dutch).Content!.Value.GetRawText())!;
        var texts = Texts(card);
        var submits = Submits(card).ToList();

        Assert.StartsWith("1 · Externe vertrouwenspersoon", texts.First(text => text.StartsWith("1 ·", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(advice.Routes[0].Reason, texts);
        Assert.Contains(texts, text => text.Contains("veel minder effectief", StringComparison.Ordinal));
        Assert.Contains(submits, data => (string?)data["command"] == "book" && data["route"] is null && (string?)data["audience"] == "Employees");
        Assert.Contains(submits, data => (string?)data["command"] == "book" && (string?)data["route"] == "externalConfidant" && (string?)data["audience"] == "Employees" && (string?)data["kind"] == "External");
        foreach (var route in advice.Routes)
        {
            // The routes command lets these buttons work after the guide ended: the root begins the routes dialog with them.
            Assert.Contains(submits, data => (string?)data["command"] == "routes" && (string?)data["action"] == "contact" && (string?)data["route"] == route.Route.Id);
            Assert.Contains(submits, data => (string?)data["command"] == "routes" && (string?)data["action"] == "route" && (string?)data["route"] == route.Route.Id);
        }
    }

    [Fact]
    public void The_duty_to_report_of_an_internal_confidant_is_said_plainly_where_it_matters()
    {
        var advice = new RouteAdvisor(Catalogue(withContacts: false)).Advise(
            new GuideAnswers(Topic.IntegritySuspicion, Involved.Colleague, ReportedBefore.No, Wish.ConfidentialTalk, Role.Employee), Locales.English);

        var texts = Texts(Cards.Result(advice, Locales.English));

        Assert.Contains(texts, text => text.Contains("article 162", StringComparison.Ordinal));
    }

    [Fact]
    public void A_contact_that_is_not_configured_reads_ask_HR_never_an_empty_placeholder()
    {
        var catalogue = Catalogue(withContacts: false);

        var dutch = Texts(Cards.Contact(catalogue, "mayor", Locales.Dutch));
        var english = Texts(Cards.RouteDetail(catalogue, "griffier", Locales.English));

        Assert.Contains(dutch, text => text.Contains("Vraag het HR", StringComparison.Ordinal));
        Assert.Contains(english, text => text.Contains("Ask HR", StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_contact_is_shown_exactly_as_HR_typed_it_even_with_quotes_and_braces()
    {
        var card = Cards.Contact(Catalogue(withContacts: true), "mayor", Locales.Dutch);

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

        var json = Cards.Contact(catalogue, "mayor", Locales.Dutch).Content!.Value.GetRawText();

        Assert.DoesNotContain("javascript", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.OpenUrl", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_route_gets_a_clear_answer_and_the_way_back_to_the_list()
    {
        var card = JsonNode.Parse(Cards.RouteDetail(Catalogue(false), "<script>", Locales.Dutch).Content!.Value.GetRawText())!;

        Assert.Contains("Die route ken ik niet.", Texts(card));
        Assert.Contains(Submits(card), data => (string?)data["command"] == "routes" && data["action"] is null);
    }

    [Fact]
    public void The_privacy_card_says_in_plain_Dutch_what_is_kept_and_for_how_long()
    {
        var texts = string.Join(" ", Texts(Cards.Privacy(Locales.Dutch)));

        Assert.Contains("14 dagen na de afspraak", texts, StringComparison.Ordinal);
        Assert.Contains("Azure Key Vault", texts, StringComparison.Ordinal);
        Assert.Contains("geen berichten", texts, StringComparison.Ordinal);
        Assert.Contains("vergeet mij", texts, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl-NL", "in een bestand op deze computer")]
    [InlineData("en-US", "in a file on this computer")]
    public void In_local_mode_the_privacy_card_names_the_key_file_and_does_not_claim_Key_Vault(string locale, string expected)
    {
        using var folder = new ConfidantBot.Tests.Privacy.TemporaryKeyFolder();
        var cards = new RouteCards(Options.Create(new RetentionOptions()), folder.NewProvider());

        var texts = string.Join(" ", Texts(cards.Privacy(Locales.FromActivityLocale(locale))));

        Assert.Contains(expected, texts, StringComparison.Ordinal);
        Assert.DoesNotContain("Key Vault", texts, StringComparison.Ordinal);
    }

    [Fact]
    public void The_free_text_reply_is_kind_and_offers_the_current_choices_again()
    {
        var card = JsonNode.Parse(Cards.FreeText(Locales.English, GuideQuestion.Role).Content!.Value.GetRawText())!;
        var wish = JsonNode.Parse(Cards.FreeText(Locales.English, GuideQuestion.Wish).Content!.Value.GetRawText())!;

        Assert.Contains(Texts(card), text => text.Contains("do not keep or read", StringComparison.Ordinal) && text.Contains("confidant", StringComparison.Ordinal));
        Assert.Equal(Enum.GetNames<Role>(), Submits(card).Where(data => (string?)data["q"] == "role").Select(data => (string?)data["a"]));
        var choices = Assert.Single(Descendants(wish).OfType<JsonObject>(), element => (string?)element["type"] == "Input.ChoiceSet");
        Assert.Equal(GuideQuestionnaire.OptionsOf(GuideQuestion.Wish), ((JsonArray)choices["choices"]!).Select(choice => (string)choice!["value"]!));
    }

    [Fact]
    public void Outside_a_question_the_free_text_reply_offers_the_apps_menu()
    {
        var card = Parse(Cards.FreeText(Locales.Dutch));

        Assert.Contains(Texts(card), text => text.Contains("Ik bewaar en lees geen details", StringComparison.Ordinal));
        Assert.Contains(Submits(card), data => (string?)data["command"] == "guide");
        Assert.Contains(Submits(card), data => (string?)data["command"] == "routes");
        Assert.Contains(Submits(card), data => (string?)data["command"] == "whatStored");
    }

    [Fact]
    public void Route_detail_shows_the_legal_deadlines_or_says_there_are_none()
    {
        var catalogue = Catalogue(false);

        Assert.Contains(Texts(Cards.RouteDetail(catalogue, "whistleblowerInternal", Locales.Dutch)), text => text.Contains("binnen 7 dagen", StringComparison.Ordinal));
        Assert.Contains("The law sets no deadline for this route.", Texts(Cards.RouteDetail(catalogue, "externalConfidant", Locales.English)));
    }

    [Theory]
    [InlineData("nl", "Waar staat dit?", "Provinciewet, artikel 182 lid 1 onder c", "[bron](https://wetten.overheid.nl/BWBR0005645)")]
    [InlineData("en", "Where this comes from", "Provinces Act (Provinciewet), article 182(1)(c)", "[source](https://wetten.overheid.nl/BWBR0005645)")]
    public void Route_detail_names_the_legal_basis_with_a_link_to_the_official_text(string language, string heading, string source, string link)
    {
        var culture = language == "en" ? Locales.English : Locales.Dutch;

        var texts = Texts(Cards.RouteDetail(Catalogue(false), "commissionerOfTheKing", culture)).ToList();

        var headingAt = texts.IndexOf(heading);
        Assert.True(headingAt >= 0, "the legal basis heading is missing");
        Assert.Contains(texts.Skip(headingAt + 1), text => text.StartsWith("- ", StringComparison.Ordinal) && text.Contains(source, StringComparison.Ordinal) && text.EndsWith(link, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("nl", "Griffie Voorbeeldstad", "Op dinsdag niet bereikbaar.", "Regels van je gemeente", "- [Gedragscode raad (2025)](https://example.org/gedragscode)")]
    [InlineData("en", "Council clerk's office", "Not available on Tuesdays.", "Your municipality's rules", "- [Council code of conduct (2025)](https://example.org/gedragscode)")]
    public void A_route_card_shows_the_contact_in_the_persons_language_with_HRs_note_and_the_local_rules(string language, string name, string note, string rulesHeading, string rulesLink)
    {
        var culture = language == "en" ? Locales.English : Locales.Dutch;
        var catalogue = new RouteCatalogue(1, RouteSeed.Document.Routes, new Dictionary<string, RouteContact>
        {
            ["griffier"] = new("Griffie Voorbeeldstad", "griffie@example.org")
            {
                NameEn = "Council clerk's office",
                Note = new LocalizedText("Op dinsdag niet bereikbaar.", "Not available on Tuesdays."),
            },
            ["officeHoldersCodeOfConduct"] = new("Gedragscode raad [2025]", Url: "https://example.org/gedragscode") { NameEn = "Council code of conduct [2025]" },
        });

        var detail = Texts(Cards.RouteDetail(catalogue, "griffier", culture));
        var contactCard = Parse(Cards.Contact(catalogue, "griffier", culture));
        var contact = Texts(contactCard);

        Assert.Contains(note, detail);
        Assert.Contains(note, contact);
        Assert.Contains(name, Descendants(contactCard).OfType<JsonValue>().Select(value => value.ToString()));
        Assert.Contains(rulesHeading, detail);
        Assert.Contains(rulesLink, detail);
        Assert.DoesNotContain(rulesHeading, Texts(Cards.RouteDetail(catalogue, "police", culture)));
    }

    [Fact]
    public void A_local_source_without_an_official_page_is_shown_without_a_link()
    {
        var texts = Texts(Cards.RouteDetail(Catalogue(true), "temporaryDesk", Locales.English)).ToList();

        Assert.Contains("- A decision of your own municipality (local); no law governs this desk.", texts);
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
        var culture = Locales.FromActivityLocale(locale);

        Assert.Equal(expected, culture.Name);
        Assert.Equal(expected, (string?)Parse(Cards.Privacy(culture))["lang"]);
    }

    [Fact]
    public void Both_languages_have_the_same_texts()
    {
        static IEnumerable<string> RouteKeys(System.Globalization.CultureInfo culture) =>
            ConfidantBot.Presentation.Texts.For(culture).Keys.Where(key => key.StartsWith("routes.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.NotEmpty(RouteKeys(Locales.Dutch));
        Assert.Equal(RouteKeys(Locales.Dutch), RouteKeys(Locales.English));
    }
}
