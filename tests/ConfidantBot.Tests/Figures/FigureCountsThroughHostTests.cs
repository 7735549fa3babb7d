using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Person = ConfidantBot.Tests.Privacy.ConversationCanaryTests.Person;

namespace ConfidantBot.Tests.Figures;

/// <summary>
/// The new counts, through the real host as people use it: three civil servants walk the guide by
/// its buttons, two of them book from the advice card's book button, and the confidant answers on
/// the local confidant page (a decline within hours; a new time after a day, then an acceptance).
/// Then the raw counters of the month are read back and compared exactly.
/// </summary>
public sealed partial class FigureCountsThroughHostTests
{
    // Monday 1 June 2026, 09:00 in Amsterdam.
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Guide_topic_involved_first_route_booking_audience_answers_new_time_and_answer_days_are_counted_as_people_use_them()
    {
        var clock = new FakeTimeProvider(Start);
        await using var connector = await FakeConnector.StartAsync();
        await using var host = new BotHostFactory(new BotHostSettings
        {
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        });

        // A: an employee, undesirable behaviour by a manager, wants a confidential talk: a confidant first.
        var anna = new Person(host, connector, ProtocolBody.NewConversationId());
        var annaAdvice = await WalkGuideAsync(anna, ("topic", "UndesirableBehaviour"), ("involved", "Manager"), ("reportedBefore", "No"), ("wish", "ConfidentialTalk"), ("role", "Employee"));
        Assert.Equal(RouteKind.ConfidentialTalk, KindOf(host, FirstRoute(annaAdvice)));

        // B: a council member, a possible crime by the mayor, wants a confidential talk.
        var bram = new Person(host, connector, ProtocolBody.NewConversationId());
        var bramAdvice = await WalkGuideAsync(bram, ("topic", "PossibleCrime"), ("involved", "Mayor"), ("reportedBefore", "No"), ("wish", "ConfidentialTalk"), ("role", "CouncilMember"), ("councilConduct", "No"));

        // C: a question about the whole team, would rather not say who they are, wants to report: no booking.
        var carla = new Person(host, connector, ProtocolBody.NewConversationId());
        var carlaAdvice = await WalkGuideAsync(carla, ("topic", "QuestionOrDilemma"), ("involved", "WholeTeam"), ("reportedBefore", "No"), ("wish", "FormalReport"), ("role", "RatherNotSay"));

        var annaCode = await BookFromAdviceAsync(anna, annaAdvice, "externalConfidant");
        var bramCode = await BookFromAdviceAsync(bram, bramAdvice, "councilConfidant");

        // Three hours later the council's confidant declines; a day and two hours after the request the employees' confidant proposes another time, then accepts.
        clock.Advance(TimeSpan.FromHours(3));
        await AnswerOnConfidantPageAsync(host, bramCode, new { answer = "declined" });
        await RelayAsync(host);
        clock.Advance(TimeSpan.FromHours(23));
        var annaEvent = await EventOfAsync(host, annaCode);
        var proposed = annaEvent.Start.Plus(Duration.FromHours(1)).InZone(DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).LocalDateTime;
        await AnswerOnConfidantPageAsync(host, annaCode, new { answer = "newTimeProposed", proposedStart = proposed.ToString("uuuu'-'MM'-'dd'T'HH':'mm", null) });
        await RelayAsync(host);
        clock.Advance(TimeSpan.FromHours(2));
        await AnswerOnConfidantPageAsync(host, annaCode, new { answer = "accepted" });
        await RelayAsync(host);

        var expected = new Dictionary<string, long>
        {
            // What the guide was about and who was involved, in coarse groups; the whole team counts with colleagues.
            ["guideTopic;topic=UndesirableBehaviour"] = 1,
            ["guideTopic;topic=Integrity"] = 1,
            ["guideTopic;topic=QuestionOrDilemma"] = 1,
            ["guideInvolved;involved=Management"] = 1,
            ["guideInvolved;involved=OfficeHolders"] = 1,
            ["guideInvolved;involved=Colleagues"] = 1,

            // Booked from the advice: an employee and a council member, both with an external confidant.
            ["bookingRequested;kind=External;audience=Employees"] = 1,
            ["bookingRequested;kind=External;audience=Council"] = 1,
            ["bookingDeclined;kind=External;audience=Council"] = 1,
            ["bookingNewTime;kind=External;audience=Employees"] = 1,
            ["bookingAccepted;kind=External;audience=Employees"] = 1,

            // One first answer per booking, in its day bucket: the decline within 3 hours, the new time after 26 hours.
            ["bookingAnswered;days=LessThanOne"] = 1,
            ["bookingAnswered;days=One"] = 1,
        };
        foreach (var advice in new[] { annaAdvice, bramAdvice, carlaAdvice })
        {
            var key = "firstRouteShown;routeKind=" + KindOf(host, FirstRoute(advice));
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }

        var counted = (await ReadCountersAsync(host.Storage))
            .Where(pair => pair.Key.StartsWith("guideTopic", StringComparison.Ordinal) || pair.Key.StartsWith("guideInvolved", StringComparison.Ordinal)
                || pair.Key.StartsWith("firstRouteShown", StringComparison.Ordinal) || pair.Key.StartsWith("booking", StringComparison.Ordinal))
            .ToDictionary();
        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), counted.OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.Equal(3, (await ReadCountersAsync(host.Storage))["guideStarted"]);
    }

    /// <summary>Answers the guide's cards by their buttons; returns the advice card.</summary>
    internal static async Task<JsonElement> WalkGuideAsync(Person person, params (string Question, string Answer)[] answers)
    {
        await person.TypeAsync("hallo");
        var card = await person.SubmitAsync(new JsonObject { ["command"] = "guide" });
        foreach (var (question, answer) in answers)
        {
            Assert.True(
                ConversationCanaryTests.Buttons(card).Any(data => (string?)data["q"] == question) || question == "wish",
                $"the guide did not ask '{question}' now: {person.LastVisible}");
            card = await person.SubmitAsync(new JsonObject { ["guide"] = "answer", ["q"] = question, ["a"] = answer });
        }

        Assert.Contains(ConversationCanaryTests.Buttons(card), data => (string?)data["action"] == "route");
        return card!.Value;
    }

    /// <summary>The advice card's book button of <paramref name="routeId"/>, then the first confidant, the latest slot offered, online, a pseudonym; returns the reference code.</summary>
    internal static async Task<string> BookFromAdviceAsync(Person person, JsonElement advice, string routeId)
    {
        var book = ConversationCanaryTests.Buttons(advice).First(data => (string?)data["command"] == "book" && (string?)data["route"] == routeId);
        var card = await person.SubmitAsync(book);
        var confidant = ConversationCanaryTests.Buttons(card).First(data => data["choice"] is { } choice && (string?)choice != ConfidantBot.Booking.Dialogs.BookingDialog.AnyConfidant);
        card = await person.SubmitAsync(confidant);
        var slot = ConversationCanaryTests.Buttons(card).Last(data => data["choice"] is { } choice && (string?)choice != ConfidantBot.Booking.Dialogs.BookingDialog.LaterChoice);
        card = await person.SubmitAsync(slot);
        card = await person.SubmitAsync(ConversationCanaryTests.Buttons(card).First(data => (string?)data["choice"] == nameof(MeetingMode.Online)));
        card = await person.TypeAsync(Canaries.Pseudonym);
        await person.SubmitAsync(ConversationCanaryTests.Buttons(card).First(data => data["confirm"] is JsonValue value && value.GetValue<bool>()));
        var code = ReferenceCode().Match(person.LastVisible).Value;
        Assert.False(string.IsNullOrEmpty(code), "no booking reference in the confirmation: " + person.LastVisible);
        return code;
    }

    /// <summary>What the confidant does on the local confidant page: answer the request with this reference.</summary>
    internal static async Task AnswerOnConfidantPageAsync(BotHostFactory host, string referenceCode, object answer)
    {
        var calendarEvent = await EventOfAsync(host, referenceCode);
        using var client = host.CreateHttpClient();
        using var response = await client.PostAsJsonAsync($"local/confidant/requests/{Uri.EscapeDataString(calendarEvent.EventId)}/answer", answer);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>One pass of the host's own answer relay (as its timer would run it).</summary>
    internal static Task<int> RelayAsync(BotHostFactory host) => host.Services.GetRequiredService<AnswerRelayService>().CheckOnceAsync(CancellationToken.None);

    internal static async Task<LocalCalendarEvent> EventOfAsync(BotHostFactory host, string referenceCode)
    {
        await foreach (var calendarEvent in host.Services.GetRequiredService<LocalCalendarProvider>().ListAsync(CancellationToken.None))
        {
            if (calendarEvent.ReferenceCode == referenceCode)
            {
                return calendarEvent;
            }
        }

        throw new InvalidOperationException("No local calendar event with reference " + referenceCode);
    }

    /// <summary>Every counter item, the month prefix left aside (all of them are of one month here).</summary>
    internal static async Task<Dictionary<string, long>> ReadCountersAsync(IStorage storage)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var item in storage.QueryAsync(CounterKey.Partition))
        {
            Assert.StartsWith("2026-06;", item.Key.Id, StringComparison.Ordinal);
            counters[item.Key.Id["2026-06;".Length..]] = long.Parse(System.Text.Encoding.ASCII.GetString(item.Data.Span), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counters;
    }

    private static string FirstRoute(JsonElement advice) =>
        (string)ConversationCanaryTests.Buttons(advice).First(data => (string?)data["action"] == "route")["route"]!;

    private static RouteKind KindOf(BotHostFactory host, string routeId) =>
        RouteSeed.Document.Routes.Single(route => route.Id == routeId).Kind;

    [GeneratedRegex("[34679ACDEFGHJKMNPQRTUVWXY]{3}-[34679ACDEFGHJKMNPQRTUVWXY]{4}")]
    private static partial Regex ReferenceCode();
}
