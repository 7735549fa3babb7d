using System.Globalization;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Presentation;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Roster;
using ConfidantBot.Tests.Routes;
using ConfidantBot.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.Tests.Conversation;

/// <summary>
/// The real host in local mode (HTTP, the real bot, SQLite, the local calendar) with one extra
/// external confidant who has time every day, so a booking can always be walked to its end.
/// </summary>
public class CommandHostFixture : IAsyncLifetime
{
    public const string ConfidantId = "cmd-anne";

    private readonly IReadOnlyDictionary<string, string?> _settings;

    public CommandHostFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Host settings on top of the test defaults (e.g. the connector's retries).</param>
    protected CommandHostFixture(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    private readonly SemaphoreSlim _bookingGate = new(1, 1);
    private string? _bookedPerson;

    public BotHostFactory Host { get; private set; } = null!;

    public FakeConnector Connector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Host = new BotHostFactory(new BotHostSettings { Settings = _settings }).Start();
        var anne = RosterTestKit.AllDayConfidant(ConfidantId, "Anne Commando") with { PhoneNumber = "020 7654321" };
        await Host.Services.GetRequiredService<RosterStore>().AddAsync(anne, "hr-test", CancellationToken.None);

        // A guide started last month, so HR has a finished month of figures to choose.
        var lastMonth = new FakeTimeProvider(MiddleOfLastMonth());
        var counters = new UsageCounters(Host.Services.GetRequiredService<IStorage>(), lastMonth, Host.Services.GetRequiredService<IOptions<FiguresOptions>>(), NullLogger<UsageCounters>.Instance);
        await counters.RecordAsync(UsageEvent.GuideStarted());
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
        _bookingGate.Dispose();
    }

    public static string NewPerson() => Guid.NewGuid().ToString();

    /// <summary>
    /// Noon on the 15th of last month in Europe/Amsterdam, the figures' time zone: a month that has surely ended. "Now
    /// minus one month" in UTC fell in the current Amsterdam month on some evenings (31 July 22:30 UTC minus a month is
    /// 1 July 00:30 in Amsterdam) and in another year than UTC's on 31 January after 23:00 UTC.
    /// </summary>
    public static DateTimeOffset MiddleOfLastMonth()
    {
        var amsterdam = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(amsterdam).Date;
        return new NodaTime.LocalDate(today.Year, today.Month, 15).PlusMonths(-1).At(new NodaTime.LocalTime(12, 0))
            .InZoneLeniently(amsterdam).ToDateTimeOffset();
    }

    /// <summary>A new chat of the person a state needs: HR, the person with a booking, or someone new.</summary>
    public async Task<CommandChat> ChatAsync(CommandsFromEveryStateTests.ChatState state, string locale)
    {
        ArgumentNullException.ThrowIfNull(state);
        var person = state.Admin ? HrAdminOptions.LocalAdminObjectId : state.Booked ? await BookedPersonAsync() : NewPerson();
        return new CommandChat(this, locale, person);
    }

    /// <summary>A person (Entra object id) with one sent booking, made once for the whole class.</summary>
    public async Task<string> BookedPersonAsync()
    {
        await _bookingGate.WaitAsync();
        try
        {
            if (_bookedPerson is null)
            {
                var person = NewPerson();
                await new CommandChat(this, "nl-NL", person).BookAsync();
                _bookedPerson = person;
            }

            return _bookedPerson;
        }
        finally
        {
            _bookingGate.Release();
        }
    }
}

/// <summary>What a person sends: typed text or a card button's data.</summary>
public sealed record ChatInput(string? Text, JsonObject? Value)
{
    public static ChatInput Typed(string text) => new(text, null);

    public static ChatInput Pressed(JsonObject value) => new(null, value);

    public override string ToString() => Text is not null ? $"typed '{Text}'" : $"pressed {Value!.ToJsonString()}";
}

/// <summary>Everything the bot answered to one activity.</summary>
public sealed record ChatTurn(IReadOnlyList<SentActivity> Replies)
{
    public string Visible => string.Join("\n", Replies.Select(reply => reply.VisibleText));

    public string? LastVisible => Replies.Count == 0 ? null : Replies[^1].VisibleText;

    /// <summary>The data of every card button, in order.</summary>
    public IReadOnlyList<JsonObject> Buttons =>
        [.. Replies.Where(reply => reply.Card is not null).SelectMany(reply => CardChecks.Submits(JsonNode.Parse(reply.Card!.Value.GetRawText())!))];

    public bool Says(CultureInfo culture, string key) => Visible.Contains(Marker(culture, key), StringComparison.Ordinal);

    public bool ShowsMenu(CultureInfo culture) =>
        Says(culture, "conversation.menu.title") && Buttons.Any(data => (string?)data["command"] == "guide") && Buttons.Any(data => (string?)data["command"] == "forgetMe");

    /// <summary>The question a guide card asks (its answer buttons' <c>q</c>), or null.</summary>
    public string? GuideQuestion => Buttons.Where(data => (string?)data["guide"] == "answer").Select(data => (string?)data["q"]).Distinct().SingleOrDefault();

    /// <summary>A text as the bot shows it: up to its first placeholder.</summary>
    public static string Marker(CultureInfo culture, string key)
    {
        var text = Texts.Get(culture, key);
        var placeholder = text.IndexOf('{', StringComparison.Ordinal);
        return placeholder < 0 ? text : text[..placeholder];
    }

    public override string ToString() => Visible;
}

/// <summary>One person in their own personal chat with the host, in one language.</summary>
public sealed class CommandChat(CommandHostFixture fixture, string? locale, string aadObjectId, string? conversationId = null)
{
    public string ConversationId { get; } = conversationId ?? ProtocolBody.NewConversationId();

    public string Person => aadObjectId;

    public CultureInfo Culture { get; } = Locales.FromActivityLocale(locale);

    public bool Dutch => Culture.TwoLetterISOLanguageName == "nl";

    public Task<ChatTurn> TypeAsync(string text) => SendAsync(ChatInput.Typed(text));

    public Task<ChatTurn> PressAsync(JsonObject value) => SendAsync(ChatInput.Pressed(value));

    public async Task<ChatTurn> SendAsync(ChatInput input)
    {
        var activity = TeamsActivities.Message(fixture.Connector.ServiceUrl, ConversationId, input.Text, input.Value?.DeepClone().AsObject());
        SetLocale(activity);
        activity["from"]!["aadObjectId"] = aadObjectId;
        return await PostAsync(activity);
    }

    /// <summary>Teams installs the bot: the welcome card.</summary>
    public Task<ChatTurn> InstallAsync()
    {
        var activity = TeamsActivities.MembersAdded(fixture.Connector.ServiceUrl, ConversationId);
        SetLocale(activity);
        return PostAsync(activity);
    }

    private void SetLocale(JsonObject activity)
    {
        if (locale is null)
        {
            activity.Remove("locale");
        }
        else
        {
            activity["locale"] = locale;
        }
    }

    /// <summary>The booking dialog up to <paramref name="steps"/> answers given (0: the confidants card; 5: the summary).</summary>
    public async Task<ChatTurn> WalkBookingAsync(int steps)
    {
        ChatInput[] answers =
        [
            ChatInput.Pressed(new JsonObject { ["choice"] = CommandHostFixture.ConfidantId }),
            ChatInput.Pressed(new JsonObject { ["choice"] = "0" }),
            ChatInput.Pressed(new JsonObject { ["choice"] = "PhoneConfidantCalls" }),
            ChatInput.Typed("Zilvermeeuw"),
            ChatInput.Typed("06 12345678"),
        ];
        var turn = await TypeAsync(Dutch ? "afspraak" : "book");
        foreach (var answer in answers.Take(steps))
        {
            turn = await SendAsync(answer);
        }

        return turn;
    }

    /// <summary>Books to the end; returns the confirmation turn.</summary>
    public async Task<ChatTurn> BookAsync()
    {
        var summary = await WalkBookingAsync(5);
        var yes = summary.Buttons.Single(data => data["confirm"] is JsonValue value && value.GetValue<bool>());
        var sent = await PressAsync(yes);
        Assert.True(sent.Says(Culture, "booking.done.next"), "the booking was not sent: " + sent);
        return sent;
    }

    private async Task<ChatTurn> PostAsync(JsonObject activity)
    {
        using var response = await fixture.Host.PostActivityAsync(activity);
        Assert.True(response.IsSuccessStatusCode, $"The host answered {(int)response.StatusCode}.");

        // The host answers the POST after every reply of the turn reached the connector.
        return new ChatTurn(fixture.Connector.Drain(ConversationId));
    }
}
