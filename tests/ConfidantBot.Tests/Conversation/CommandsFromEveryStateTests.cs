using System.Globalization;
using System.Text.Json.Nodes;
using ConfidantBot.Presentation;

namespace ConfidantBot.Tests.Conversation;

/// <summary>
/// Issue 18 item 5: every command the help text (and the Teams command list) promises, typed in
/// Dutch, typed in English and pressed as a card button, from every state a person can be in,
/// through the real host. What the person should see:
/// <list type="bullet">
/// <item>"help" and "wat bewaar je": the answer, then the open question again, and answering it goes on (with no question open, help shows the menu);</item>
/// <item>"mijn afspraken" and "vergeet mij" (answered "nee"): a side trip; afterwards the open question again;</item>
/// <item>"stop": "Gestopt" (or "nothing to stop" when nothing was going on), "opnieuw" and "menu": the menu; the old question is closed, its answer is no longer taken;</item>
/// <item>"routes", "vertrouwenspersonen", "afspraak": that feature starts.</item>
/// </list>
/// </summary>
public sealed class CommandsFromEveryStateTests(CommandHostFixture fixture) : IClassFixture<CommandHostFixture>
{
    public enum Ask
    {
        /// <summary>A question is open: commands that come back ask it again.</summary>
        Question,

        /// <summary>A feature shows something to pick from but asks nothing it could repeat (the route list, the roster list).</summary>
        Nothing,

        /// <summary>Nothing is going on (before the first message, at the menu, after a result or "stop").</summary>
        Idle,
    }

    /// <summary>
    /// A state: how a person gets there, the dialog (feature) it belongs to, how they would answer
    /// its question, and what shows that the answer was taken.
    /// </summary>
    public sealed record ChatState(
        Ask Ask,
        Func<CommandChat, Task<ChatTurn>> ReachAsync,
        string? Feature = null,
        Func<ChatTurn, ChatInput>? Answer = null,
        Func<ChatTurn, ChatTurn, CultureInfo, bool>? WentOn = null,
        bool Booked = false,
        bool Admin = false);

    public sealed record ChatCommand(string Nl, string En, string? Button);

    public static readonly IReadOnlyDictionary<string, ChatCommand> Commands = new Dictionary<string, ChatCommand>(StringComparer.Ordinal)
    {
        ["help"] = new("help", "help", "help"),
        ["whatStored"] = new("wat bewaar je", "what do you keep", "whatStored"),
        ["stop"] = new("stop", "cancel", null),
        ["startOver"] = new("opnieuw", "start over", "startOver"),
        ["menu"] = new("menu", "menu", null),
        ["myBookings"] = new("mijn afspraken", "my bookings", "myBookings"),
        ["forgetMe"] = new("vergeet mij", "forget me", "forgetMe"),
        ["routes"] = new("routes", "routes", "routes"),
        ["confidants"] = new("vertrouwenspersonen", "confidants", "confidants"),
        ["book"] = new("afspraak", "book", "book"),
    };

    private static Func<ChatTurn, ChatTurn, CultureInfo, bool> Shows(string key) => (_, next, culture) => next.Says(culture, key);

    private static Func<ChatTurn, ChatInput> Press(string field, JsonNode value) => _ => ChatInput.Pressed(new JsonObject { [field] = value.DeepClone() });

    private static ChatInput FirstGuideAnswer(ChatTurn turn) => ChatInput.Pressed(turn.Buttons.First(data => (string?)data["guide"] == "answer").DeepClone().AsObject());

    private static bool NextGuideQuestion(ChatTurn reached, ChatTurn next, CultureInfo culture) => next.GuideQuestion is { } asked && asked != reached.GuideQuestion;

    private static ChatInput FirstChoice(ChatTurn turn) => ChatInput.Pressed(turn.Buttons.First(data => data["choice"] is not null).DeepClone().AsObject());

    private static async Task<ChatTurn> GuideAsync(CommandChat chat, int answers)
    {
        var turn = await chat.PressAsync(new JsonObject { ["command"] = "guide" });
        for (var i = 0; i < answers; i++)
        {
            turn = await chat.SendAsync(FirstGuideAnswer(turn));
        }

        return turn;
    }

    /// <summary>The guide to its advice, with answers that need no ticks.</summary>
    private static async Task<ChatTurn> GuideResultAsync(CommandChat chat)
    {
        var answers = new Dictionary<string, string>
        {
            ["topic"] = "UndesirableBehaviour", ["involved"] = "Colleague", ["reportedBefore"] = "No", ["wish"] = "ConfidentialTalk", ["role"] = "Employee",
        };
        var turn = await chat.PressAsync(new JsonObject { ["command"] = "guide" });
        while (turn.GuideQuestion is { } question)
        {
            turn = await chat.PressAsync(new JsonObject { ["guide"] = "answer", ["q"] = question, ["a"] = answers[question] });
        }

        Assert.True(turn.Says(chat.Culture, "routes.result.title"), "no advice: " + turn);
        return turn;
    }

    public static readonly IReadOnlyDictionary<string, ChatState> States = new Dictionary<string, ChatState>(StringComparer.Ordinal)
    {
        ["welcome, nothing said yet"] = new(Ask.Idle, chat => chat.InstallAsync()),
        ["the menu"] = new(Ask.Idle, chat => chat.TypeAsync("menu")),
        ["after stop"] = new(Ask.Idle, async chat =>
        {
            await chat.WalkBookingAsync(1);
            return await chat.TypeAsync("stop");
        }),
        ["guide, first question"] = new(Ask.Question, chat => GuideAsync(chat, 0), "guide", FirstGuideAnswer, NextGuideQuestion),
        ["guide, third question"] = new(Ask.Question, chat => GuideAsync(chat, 2), "guide", FirstGuideAnswer, NextGuideQuestion),
        ["guide, advice shown"] = new(Ask.Idle, GuideResultAsync),
        ["route list"] = new(Ask.Nothing, chat => chat.TypeAsync("routes"), "routes"),
        ["confidants, for whom"] = new(Ask.Question, chat => chat.TypeAsync(chat.Dutch ? "vertrouwenspersonen" : "confidants"), "confidants",
            Press("choice", "Employees"), Shows("roster.confidants.title")),
        ["booking, which confidant"] = new(Ask.Question, chat => chat.WalkBookingAsync(0), "booking",
            Press("choice", CommandHostFixture.ConfidantId), Shows("booking.slot.title")),
        ["booking, which time"] = new(Ask.Question, chat => chat.WalkBookingAsync(1), "booking", Press("choice", "0"), Shows("booking.mode.title")),
        ["booking, how to meet"] = new(Ask.Question, chat => chat.WalkBookingAsync(2), "booking", Press("choice", "PhoneConfidantCalls"), Shows("booking.pseudonym.title")),
        ["booking, pseudonym"] = new(Ask.Question, chat => chat.WalkBookingAsync(3), "booking", _ => ChatInput.Typed("Zilvermeeuw"), Shows("booking.phone.title")),
        ["booking, phone number"] = new(Ask.Question, chat => chat.WalkBookingAsync(4), "booking", _ => ChatInput.Typed("06 12345678"), Shows("booking.confirm.question")),
        ["booking, summary: send it?"] = new(Ask.Question, chat => chat.WalkBookingAsync(5), "booking", Press("confirm", false), Shows("booking.confirm.stopped")),
        ["my bookings, the list"] = new(Ask.Question, chat => chat.TypeAsync(chat.Dutch ? "mijn afspraken" : "my bookings"), "myBookings",
            FirstChoice, Shows("booking.mine.confirm"), Booked: true),
        ["my bookings, cancel this one?"] = new(Ask.Question, async chat => await chat.SendAsync(FirstChoice(await chat.TypeAsync(chat.Dutch ? "mijn afspraken" : "my bookings"))), "myBookings",
            Press("confirm", false), Shows("booking.mine.kept"), Booked: true),
        ["forget me, sure?"] = new(Ask.Question, chat => chat.TypeAsync(chat.Dutch ? "vergeet mij" : "forget me"), "forgetMe",
            Press("confirm", false), Shows("conversation.forget.kept")),
        ["HR, the roster list"] = new(Ask.Nothing, chat => chat.TypeAsync(chat.Dutch ? "beheer" : "admin"), "rosterAdmin", Admin: true),
        ["HR, adding a confidant: the form"] = new(Ask.Question, async chat =>
        {
            await chat.TypeAsync(chat.Dutch ? "beheer" : "admin");
            return await chat.PressAsync(new JsonObject { ["command"] = "rosterAdmin", ["rosterAdmin"] = "add" });
        }, "rosterAdmin", Press("rosterAdmin", "cancel"), (_, next, _) => next.Buttons.Any(data => (string?)data["rosterAdmin"] == "add"), Admin: true),
        ["HR, figures: which year"] = new(Ask.Question, chat => chat.TypeAsync(chat.Dutch ? "cijfers" : "figures"), "figures",
            Press("choice", CommandHostFixture.MiddleOfLastMonth().Year.ToString(CultureInfo.InvariantCulture)), Shows("figures.choosePeriod.prompt"), Admin: true),
    };

    public static TheoryData<string, string, string> Table()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var state in States.Keys)
        {
            foreach (var (name, command) in Commands)
            {
                data.Add(state, name, "nl");
                data.Add(state, name, "en");
                if (command.Button is not null)
                {
                    data.Add(state, name, "button");
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Each_command_works_from_each_state(string stateName, string commandName, string form)
    {
        var state = States[stateName];
        var command = Commands[commandName];
        var chat = await fixture.ChatAsync(state, form == "en" ? "en-US" : "nl-NL");
        var reached = await state.ReachAsync(chat);
        var input = form switch
        {
            "nl" => ChatInput.Typed(command.Nl),
            "en" => ChatInput.Typed(command.En),
            _ => ChatInput.Pressed(new JsonObject { ["command"] = command.Button }),
        };

        var reply = await chat.SendAsync(input);

        await AssertOutcomeAsync(state, commandName, chat, reached, reply);
    }

    /// <summary>What <paramref name="commandName"/> must have done from <paramref name="state"/>, checked on its reply and the turns after.</summary>
    internal static async Task AssertOutcomeAsync(ChatState state, string commandName, CommandChat chat, ChatTurn reached, ChatTurn reply)
    {
        var culture = chat.Culture;
        var replies = reply.Replies;
        Assert.NotEmpty(replies);
        var first = replies[0].VisibleText;
        var sameFeature = state.Feature is not null && state.Feature == commandName;
        switch (commandName)
        {
            case "help":
                Assert.Equal(Texts.Get(culture, "conversation.help"), first);
                await AssertComesBackAsync(state, chat, reached, reply, idleShowsMenu: true);
                break;

            case "whatStored":
                Assert.StartsWith(Texts.Get(culture, "routes.privacy.title"), first, StringComparison.Ordinal);
                await AssertComesBackAsync(state, chat, reached, reply, idleShowsMenu: false);
                break;

            case "stop":
                Assert.Equal(Texts.Get(culture, state.Ask == Ask.Idle ? "conversation.nothingToStop" : "conversation.cancelled"), Assert.Single(replies).VisibleText);
                await AssertQuestionClosedAsync(state, chat, reached);
                break;

            case "startOver" or "menu":
                Assert.True(Assert.Single(replies) is not null && reply.ShowsMenu(culture), "no menu: " + reply);
                await AssertQuestionClosedAsync(state, chat, reached);
                break;

            case "myBookings" when sameFeature:
                // Asked again inside the list: the list afresh.
                Assert.True(reply.Says(culture, "booking.mine.title"), "no list: " + reply);
                Assert.Equal(Texts.Get(culture, "booking.mine.prompt"), reply.LastVisible);
                break;

            case "myBookings":
                Assert.Equal(Texts.Get(culture, "booking.mine.none"), first);
                await AssertComesBackAsync(state, chat, reached, reply, idleShowsMenu: false);
                break;

            case "forgetMe":
                Assert.StartsWith(Texts.Get(culture, "conversation.forget.confirm"), Assert.Single(replies).VisibleText, StringComparison.Ordinal);
                var no = await chat.PressAsync(new JsonObject { ["confirm"] = false });
                Assert.Equal(Texts.Get(culture, "conversation.forget.kept"), no.Replies[0].VisibleText);
                if (sameFeature)
                {
                    Assert.Single(no.Replies);
                }
                else
                {
                    await AssertComesBackAsync(state, chat, reached, no, idleShowsMenu: false);
                }

                break;

            case "routes":
                Assert.StartsWith(Texts.Get(culture, "routes.list.title"), Assert.Single(replies).VisibleText, StringComparison.Ordinal);
                break;

            case "confidants":
                Assert.StartsWith(Texts.Get(culture, "roster.confidants.askAudience"), Assert.Single(replies).VisibleText, StringComparison.Ordinal);
                break;

            case "book":
                Assert.StartsWith(Texts.Get(culture, "booking.confidant.title"), Assert.Single(replies).VisibleText, StringComparison.Ordinal);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(commandName), commandName, "no expectation for this command");
        }

        Assert.DoesNotContain(replies, sent => sent.VisibleText.Contains(ChatTurn.Marker(culture, "conversation.freeText"), StringComparison.Ordinal));
    }

    /// <summary>After the command's own answer (the first reply): the open question again, and answering it goes on.</summary>
    private static async Task AssertComesBackAsync(ChatState state, CommandChat chat, ChatTurn reached, ChatTurn reply, bool idleShowsMenu)
    {
        var rest = new ChatTurn([.. reply.Replies.Skip(1)]);
        switch (state.Ask)
        {
            case Ask.Question:
                Assert.True(rest.Replies.Count == 1, "expected the question again, got: " + rest);
                Assert.Equal(reached.LastVisible, rest.LastVisible);
                var answered = await chat.SendAsync(state.Answer!(reached));
                Assert.True(state.WentOn!(reached, answered, chat.Culture), "the dialog did not go on after the answer: " + answered);
                break;
            case Ask.Idle when idleShowsMenu:
                Assert.True(rest.Replies.Count == 1 && rest.ShowsMenu(chat.Culture), "expected the menu, got: " + rest);
                break;
            default:
                Assert.True(rest.Replies.Count == 0, "expected nothing more, got: " + rest);
                break;
        }
    }

    /// <summary>After "stop", "opnieuw" or "menu": the old question's answer is not taken any more; the person gets the menu.</summary>
    private static async Task AssertQuestionClosedAsync(ChatState state, CommandChat chat, ChatTurn reached)
    {
        if (state.Answer is null)
        {
            return;
        }

        var late = await chat.SendAsync(state.Answer(reached));
        Assert.False(state.WentOn!(reached, late, chat.Culture), "the old question's answer was still taken: " + late);
        Assert.True(late.ShowsMenu(chat.Culture), "expected the menu, got: " + late);
    }
}
