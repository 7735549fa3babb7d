using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using AppTexts = ConfidantBot.Presentation.Texts;
using ConfidantBot.Routes.Catalogue;
using static ConfidantBot.Tests.Routes.CardChecks;

namespace ConfidantBot.Tests.Routes;

/// <summary>The guide and the route browser, turn by turn through the app's real root, on a real SQLite store.</summary>
public sealed class GuideDialogTests
{
    private const string Story = "Mijn leidinggevende zei gisteren iets over mijn werk. Wat moet ik nu doen?";

    public enum StepKind { Click, Type, Tell }

    /// <summary>One turn of the person: click an answer button (or tick boxes and "next"), type an answer's title, or type a story.</summary>
    public sealed record Step(StepKind Kind, string Text = "", string? Question = null, string? Answer = null, bool EasyToRecognise = false);

    /// <summary>A situation: the person's turns in order, and the routes of which one must come first.</summary>
    public sealed record GuideRun(string Locale, Step[] Steps, string[] ExpectedFirst);

    private static Step Click(string question, string answer, bool easyToRecognise = false) => new(StepKind.Click, Question: question, Answer: answer, EasyToRecognise: easyToRecognise);

    private static Step Type(string answerTitle) => new(StepKind.Type, answerTitle);

    private static Step Tell(string story) => new(StepKind.Tell, story);

    private static readonly Dictionary<string, GuideRun> Runs = new(StringComparer.Ordinal)
    {
        ["employee, intimidation by an alderman, confidential talk"] = new("nl-NL",
            [Click("topic", "UndesirableBehaviour"), Tell(Story), Type("Een wethouder"), Click("reportedBefore", "No"), Click("wish", "ConfidentialTalk"), Type("medewerker van de gemeente")],
            ["externalConfidant"]),
        ["contractor, public-interest wrongdoing, anonymous (English)"] = new("en-US",
            [Type("A wrongdoing affecting the public interest"), Click("involved", "OutsideParty"), Type("No"), Tell("They dump waste behind the depot every night."), Click("wish", "Anonymous"), Click("role", "ContractorVolunteerOrApplicant")],
            ["whistleblowerAdvice"]),
        ["council member, conduct inside the council, confidential talk"] = new("nl-NL",
            [Click("topic", "UndesirableBehaviour"), Click("involved", "CouncilMember"), Type("Nee"), Click("wish", "ConfidentialTalk"), Type("Raadslid"), Tell(Story), Type("Ja")],
            ["councilConfidant", "griffier"]),
        ["not sure at every step"] = new("nl-NL",
            [Type("Weet ik niet, ik wil eerst praten"), Tell(Story), Type("Weet ik niet"), Type("Zeg ik liever niet"), Type("Weet ik nog niet"), Type("Zeg ik liever niet")],
            ["externalConfidant"]),
        ["employee, integrity suspicion about a colleague, formal report (typed in both languages)"] = new("en-US",
            [Click("topic", "IntegritySuspicion"), Type("A colleague"), Type("No"), Type("Een melding doen"), Type("Municipal employee")],
            ["lineToSecretary"]),
        ["employee, integrity suspicion about an alderman, formal report"] = new("nl-NL",
            [Click("topic", "IntegritySuspicion"), Click("involved", "Alderman"), Tell(Story), Tell(Story), Click("reportedBefore", "No"), Click("wish", "FormalReport"), Click("role", "Employee")],
            ["mayor"]),
        ["former employee, public-interest wrongdoing by a manager, formal report"] = new("nl-NL",
            [Click("topic", "PublicInterestWrongdoing"), Click("involved", "Manager"), Click("reportedBefore", "No"), Click("wish", "FormalReport"), Tell(Story), Type("Oud-medewerker")],
            ["whistleblowerInternal"]),
        ["employee, integrity suspicion about the mayor, report and stay anonymous ticked, easy to recognise"] = new("nl-NL",
            [Click("topic", "IntegritySuspicion"), Click("involved", "Mayor"), Click("reportedBefore", "No"), Click("wish", "FormalReport,Anonymous", easyToRecognise: true), Click("role", "Employee")],
            ["externalConfidant", "mayorReplacement"]),
        ["employee, talk and stay anonymous typed as two titles"] = new("nl-NL",
            [Click("topic", "UndesirableBehaviour"), Click("involved", "Colleague"), Click("reportedBefore", "No"), Type("Een vertrouwelijk gesprek en anoniem blijven"), Click("role", "Employee")],
            ["externalConfidant"]),
    };

    public static TheoryData<string> RunNames() => [.. Runs.Keys];

    [Theory]
    [MemberData(nameof(RunNames))]
    public async Task The_guide_leads_through_the_root_to_the_route_that_fits_first(string name)
    {
        var run = Runs[name];
        var culture = Locales.FromActivityLocale(run.Locale);
        await using var conversation = await RouteConversation.StartAsync(run.Locale);

        var card = SingleCard(await conversation.ClickAsync(new { command = "guide" }));
        var question = QuestionOf(card);
        Assert.Equal("topic", question);

        foreach (var (step, index) in run.Steps.Select((step, index) => (step, index)))
        {
            if (step.Kind == StepKind.Click)
            {
                Assert.Equal(step.Question, question);
            }

            card = SingleCard(step.Kind switch
            {
                StepKind.Click => await conversation.ClickAsync(step.EasyToRecognise
                    ? new { guide = "answer", q = step.Question!, a = step.Answer!, easyToRecognise = "true" }
                    : Answer(step.Question!, step.Answer!)),
                _ => await conversation.TypeAsync(step.Text),
            });

            if (step.Kind == StepKind.Tell)
            {
                // The kind answer, and the same question offered again.
                Assert.Contains(AppTexts.Get(culture, "routes.freeText.text"), CardChecks.Texts(card));
                Assert.Equal(question, QuestionOf(card));
            }
            else if (index < run.Steps.Length - 1)
            {
                var next = QuestionOf(card);
                Assert.NotNull(next);
                Assert.NotEqual(question, next);
                question = next;
            }
        }

        Assert.Equal(AppTexts.Get(culture, "routes.result.title"), CardChecks.Texts(card)[0]);
        Assert.Contains(FirstAdvisedRoute(card), run.ExpectedFirst);
        Assert.Equal(DialogTurnStatus.Complete, conversation.Client.LastResult!.Status);
    }

    [Fact]
    public async Task Help_what_do_you_store_and_start_over_work_in_the_middle_of_the_guide()
    {
        await using var conversation = await RouteConversation.StartAsync();
        await conversation.TypeAsync("Welke route past bij mij?");
        await conversation.ClickAsync(Answer("topic", "UndesirableBehaviour"));

        var help = await conversation.TypeAsync("help");
        Assert.Equal(AppTexts.Get(Locales.Dutch, "conversation.help"), help[0].Text);
        Assert.Equal("involved", QuestionOf(SingleCard(help)));

        foreach (var whatStored in new[] { await conversation.TypeAsync("Wat bewaar je?"), await conversation.ClickAsync(new { command = "whatStored" }) })
        {
            var cards = RouteConversation.Cards(whatStored);
            Assert.Equal(2, cards.Count);
            Assert.Contains(CardChecks.Texts(cards[0]), text => text.Contains("14 dagen na de afspraak", StringComparison.Ordinal));
            Assert.Equal("involved", QuestionOf(cards[1]));
        }

        // The answer given before the interruptions still counts.
        Assert.Equal("reportedBefore", QuestionOf(SingleCard(await conversation.ClickAsync(Answer("involved", "Colleague")))));

        var menu = SingleCard(await conversation.TypeAsync("opnieuw"));
        Assert.Contains(Submits(menu), data => (string?)data["command"] == "guide");
        Assert.DoesNotContain(Submits(menu), data => data["guide"] is not null);

        Assert.Equal("topic", QuestionOf(SingleCard(await conversation.ClickAsync(new { command = "guide" }))));
        var stepLine = CardChecks.Texts(SingleCard(await conversation.ClickAsync(Answer("topic", "NotSure"))))[0];
        Assert.Equal("Vraag 2 van 5", stepLine);
    }

    [Fact]
    public async Task An_answer_the_current_card_did_not_offer_gets_the_question_again_and_changes_nothing()
    {
        await using var conversation = await RouteConversation.StartAsync();
        await conversation.ClickAsync(new { command = "guide" });

        var forged = SingleCard(await conversation.ClickAsync(Answer("topic", "<b>Something I typed</b>")));
        var unknownQuestion = SingleCard(await conversation.ClickAsync(Answer("salary", "High")));
        var empty = await conversation.ClickAsync(new { guide = "answer" });

        Assert.All(new[] { forged, unknownQuestion, SingleCard(empty) }, card => Assert.Equal("topic", QuestionOf(card)));
        Assert.Equal("Vraag 1 van 5", CardChecks.Texts(forged)[0]);
    }

    [Fact]
    public async Task The_result_buttons_still_work_after_the_guide_ended()
    {
        await using var conversation = await RouteConversation.StartAsync();
        await conversation.ClickAsync(new { command = "guide" });
        await conversation.ClickAsync(Answer("topic", "UndesirableBehaviour"));
        await conversation.ClickAsync(Answer("involved", "Alderman"));
        await conversation.ClickAsync(Answer("reportedBefore", "No"));
        await conversation.ClickAsync(Answer("wish", "ConfidentialTalk"));
        var result = SingleCard(await conversation.ClickAsync(Answer("role", "Employee")));
        var mayor = RouteSeed.Document.Routes.Single(route => route.Id == "mayor");

        var more = Submits(result).Single(data => (string?)data["action"] == "route" && (string?)data["route"] == "mayor");
        var detail = SingleCard(await conversation.ClickAsync(more));
        var contact = SingleCard(await conversation.ClickAsync(Submits(result).Single(data => (string?)data["action"] == "contact" && (string?)data["route"] == "mayor")));
        var book = await conversation.ClickAsync(Submits(result).First(data => (string?)data["command"] == "book" && data["route"] is not null));

        Assert.Equal(mayor.Title.Nl, CardChecks.Texts(detail)[0]);
        Assert.Contains(mayor.Anonymity.Explanation.Nl, CardChecks.Texts(detail));
        Assert.Equal($"Contact: {mayor.Title.Nl}", CardChecks.Texts(contact)[0]);
        Assert.Contains(CardChecks.Texts(contact), text => text.Contains("Vraag het HR", StringComparison.Ordinal));
        // Booking is another feature, not registered in this test: the root says so, which shows the command reached it.
        Assert.Equal(AppTexts.Get(Locales.Dutch, "conversation.unavailable"), book[0].Text);
    }

    [Fact]
    public async Task Routes_are_browsed_by_button_or_typed_title_and_a_story_gets_the_kind_answer_with_the_menu()
    {
        await using var conversation = await RouteConversation.StartAsync();
        var shown = RouteSeed.Document.Routes.Where(route => !route.OnlyWhenContactConfigured).ToList();

        var list = SingleCard(await conversation.TypeAsync("alle routes"));
        var buttons = Submits(list).Where(data => (string?)data["action"] == "route").ToList();
        Assert.Equal(AppTexts.Get(Locales.Dutch, "routes.list.title"), CardChecks.Texts(list)[0]);
        Assert.Equal(shown.Select(route => route.Id), buttons.Select(data => (string?)data["route"]));

        var detail = SingleCard(await conversation.ClickAsync(buttons[3]));
        Assert.Equal(shown[3].Title.Nl, CardChecks.Texts(detail)[0]);

        var typed = SingleCard(await conversation.TypeAsync(shown[1].Title.Nl.ToUpperInvariant()));
        Assert.Equal(shown[1].Title.Nl, CardChecks.Texts(typed)[0]);

        var unknown = SingleCard(await conversation.ClickAsync(new { action = "route", route = "<script>" }));
        Assert.Equal(AppTexts.Get(Locales.Dutch, "routes.unknownRoute.title"), CardChecks.Texts(unknown)[0]);

        var story = SingleCard(await conversation.TypeAsync(Story));
        Assert.Equal(AppTexts.Get(Locales.Dutch, "routes.freeText.text"), CardChecks.Texts(story)[0]);
        Assert.Contains(Submits(story), data => (string?)data["command"] == "guide");
        Assert.Equal(DialogTurnStatus.Complete, conversation.Client.LastResult!.Status);
    }

    [Theory]
    [InlineData("nl-NL")]
    [InlineData("en-US")]
    public async Task Every_card_of_a_full_run_is_valid_Adaptive_Card_1_5_and_renders_in_Teams(string locale)
    {
        await using var conversation = await RouteConversation.StartAsync(locale);
        var cards = new List<JsonNode>();
        async Task Collect(Task<IReadOnlyList<Activity>> turn) => cards.AddRange(RouteConversation.Cards(await turn));

        await Collect(conversation.TypeAsync(Story));
        await Collect(conversation.ClickAsync(new { command = "guide" }));
        await Collect(conversation.TypeAsync(Story));
        await Collect(conversation.ClickAsync(Answer("topic", "UndesirableBehaviour")));
        await Collect(conversation.TypeAsync("help"));
        await Collect(conversation.ClickAsync(Answer("involved", "CouncilMember")));
        await Collect(conversation.ClickAsync(new { command = "whatStored" }));
        await Collect(conversation.ClickAsync(Answer("reportedBefore", "YesTreatedWorse")));
        await Collect(conversation.TypeAsync(Story));
        await Collect(conversation.ClickAsync(new { guide = "answer", q = "wish", a = "Anonymous,FormalReport", easyToRecognise = "true" }));
        await Collect(conversation.ClickAsync(Answer("role", "CouncilMember")));
        await Collect(conversation.TypeAsync(Story));
        await Collect(conversation.ClickAsync(Answer("councilConduct", "Yes")));
        var result = cards[^1];
        foreach (var data in Submits(result).Where(data => (string?)data["command"] == "routes").Take(4).ToList())
        {
            await Collect(conversation.ClickAsync(data));
        }

        await Collect(conversation.ClickAsync(new { command = "routes" }));
        await Collect(conversation.TypeAsync(Story));

        Assert.True(cards.Count >= 20, $"only {cards.Count} cards were sent");
        Assert.Contains(cards, card => CardChecks.Texts(card).Contains(AppTexts.Get(Locales.FromActivityLocale(locale), "routes.result.title")));
        foreach (var card in cards)
        {
            AssertValidAgainstSchema(card);
            AssertRendersInTeams(card);
            if (card["lang"] is { } lang)
            {
                Assert.Equal(locale, (string?)lang);
            }
        }
    }

    [Fact]
    public async Task A_story_typed_during_the_guide_leaves_no_trace_in_the_store_file_or_the_logs()
    {
        const string Canary = "CANARY-4b7e19d2";
        string Tell(string where) => $"{Canary} {where}: mijn wethouder schreeuwde tegen me op 3 maart, bel me op 06-12345678";

        await using var conversation = await RouteConversation.StartAsync();
        await conversation.TypeAsync(Tell("voor de gids"));
        await conversation.ClickAsync(new { command = "guide" });
        foreach (var (question, answer) in new[] { ("topic", "UndesirableBehaviour"), ("involved", "Alderman"), ("reportedBefore", "YesNoAnswer"), ("wish", "ConfidentialTalk,Anonymous"), ("role", "CouncilMember"), ("councilConduct", "No") })
        {
            var kind = SingleCard(await conversation.TypeAsync(Tell(question)));
            Assert.Equal(question, QuestionOf(kind));
            AssertNotInStore(await conversation.Store.ReadFilesAsync(), Canary);
            await conversation.ClickAsync(Answer(question, answer));
        }

        await conversation.ClickAsync(new { command = "routes" });
        await conversation.TypeAsync(Tell("routes"));

        var files = await conversation.StopAndReadStoreAsync();
        var records = conversation.Logs.GetSnapshot();

        // The right files were read and the logs were captured: both hold what they should.
        Assert.Contains(files, file => file.Name == "storage.db");
        Assert.Contains(files, file => Contains(file.Bytes, "externalConfidant"));
        Assert.Contains(records, record => record.Id.Id == 301);
        AssertNotInStore(files, Canary);
        AssertNotInStore(files, "06-12345678");

        foreach (var record in records)
        {
            var everything = string.Join(" ", new[] { record.Message, record.Category, record.Exception?.ToString() }
                .Concat(record.StructuredState?.Select(pair => pair.Key + "=" + pair.Value) ?? []));
            Assert.DoesNotContain(Canary, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("schreeuwde", everything, StringComparison.Ordinal);
        }
    }

    private static object Answer(string question, string answer) => new { guide = "answer", q = question, a = answer };

    private static JsonNode SingleCard(IReadOnlyList<Activity> replies) => Assert.Single(RouteConversation.Cards(replies));

    /// <summary>The question a card offers answers to, or null.</summary>
    private static string? QuestionOf(JsonNode card) =>
        Submits(card).Where(data => (string?)data["guide"] == "answer").Select(data => (string?)data["q"]).Distinct().SingleOrDefault();

    private static string? FirstAdvisedRoute(JsonNode resultCard) =>
        Submits(resultCard).Where(data => (string?)data["action"] == "route").Select(data => (string?)data["route"]).First();

    private static void AssertNotInStore(IReadOnlyList<(string Name, byte[] Bytes)> files, string secret)
    {
        Assert.NotEmpty(files);
        foreach (var (name, bytes) in files)
        {
            Assert.False(Contains(bytes, secret), $"typed text was found in {name}");
        }
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
