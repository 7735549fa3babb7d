using System.Text.Json;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using NodaTime;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// A confidant's proposed time, read from a fake Graph on 127.0.0.1 by the real SDK: relayed as a
/// choice with date and year, taken in one tap (a new event with a new transactionId, the old one
/// cancelled), and refused when it lies in the past or sooner than the booking lead time.
/// </summary>
public sealed class ProposalTests : IDisposable
{
    private const string Mailbox = "vertrouwelijk@gemeente.example";
    private static readonly Instant BookedStart = Instant.FromUtc(2027, 3, 24, 12, 0);
    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });
    private readonly BookingTestHost _host;
    private readonly TestAdapter _adapter = new();

    public ProposalTests()
    {
        _host = new BookingTestHost(host =>
        {
            var options = Options.Create(new GraphCalendarOptions { ServiceMailbox = Mailbox, BaseUrl = _graph.Url + "/v1.0" });
            return new GraphCalendarProvider(GraphClients.Create(new FakeTokenCredential(), options.Value.BaseUrl), options, host.SlotFinder, new FakeLogger<GraphCalendarProvider>(host.Logs));
        });
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .InScenario("create").WillSetStateTo("second")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"evt-1","onlineMeeting":{"joinUrl":"https://teams.example/l/meetup-join/1"}}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .InScenario("create").WhenStateIs("second")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"evt-2","onlineMeeting":{"joinUrl":"https://teams.example/l/meetup-join/2"}}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1/cancel").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202));
    }

    public void Dispose()
    {
        _graph.Stop();
        _host.Dispose();
    }

    private IEnumerable<WireMock.Logging.ILogEntry> Calls(string pathEnd)
        => _graph.LogEntries.Where(e => e.RequestMessage!.Path!.EndsWith(pathEnd, StringComparison.Ordinal) && e.RequestMessage.Method == "POST");

    /// <summary>The confidant proposes <paramref name="proposed"/> in Outlook: Graph shows it on the attendee.</summary>
    private void ConfidantProposes(Instant proposed)
    {
        static string Graph(Instant instant) => instant.InUtc().LocalDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$$"""
                {"id":"evt-1","attendees":[{"type":"required","status":{"response":"tentativelyAccepted"},
                  "proposedNewTime":{"start":{"dateTime":"{{{Graph(proposed)}}}","timeZone":"UTC"},"end":{"dateTime":"{{{Graph(proposed + Duration.FromMinutes(45))}}}","timeZone":"UTC"}},
                  "emailAddress":{"address":"c1@vertrouwenswerk.example"}}]}
                """));
    }

    private async Task<(BookingConfirmation Booking, string Relayed)> BookAndRelayProposalAsync(Instant proposed)
    {
        var booking = await _host.Bookings.BookAsync(
            new BookingRequest("c1", BookedStart, MeetingMode.Online, Canaries.Pseudonym, null, Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        ConfidantProposes(proposed);
        var relay = _host.NewAnswerRelay(_adapter);
        Assert.Equal(1, await relay.CheckOnceAsync(CancellationToken.None));
        var told = Assert.Single(_adapter.SentActivities);
        Assert.Equal(Canaries.ConversationId, told.Conversation!.Id);
        return (booking, BookingTestHost.Visible(told));
    }

    private DialogTestClient Person() => _host.Client(new BookingAnswerDialog(_host.Bookings, _host.Messages, _host.Clock, NullLogger<BookingAnswerDialog>.Instance));

    [Fact]
    public async Task A_proposal_is_relayed_with_date_and_year_and_taken_in_one_tap_as_a_new_event_with_a_new_transactionId_and_the_old_one_cancelled()
    {
        var (booking, relayed) = await BookAndRelayProposalAsync(Instant.FromUtc(2027, 3, 25, 9, 0));

        Assert.Equal(
            $"De vertrouwenspersoon stelt voor gesprek {booking.ReferenceCode} een andere tijd voor: donderdag 25 maart 2027 om 10:00 (in plaats van woensdag 24 maart 2027 om 13:00). Past die tijd?\nJa, die tijd\nNee, andere tijd kiezen\nAnnuleren",
            relayed);

        var reply = BookingTestHost.Visible(await Person().SendValueAsync(new { command = BookingMessages.AnswerCommand, reference = booking.ReferenceCode, choice = "take" }));

        var creates = Calls("/events").ToList();
        Assert.Equal(2, creates.Count);
        var oldTransaction = JsonDocument.Parse(creates[0].RequestMessage!.Body!).RootElement;
        var newTransaction = JsonDocument.Parse(creates[1].RequestMessage!.Body!).RootElement;
        Assert.NotEqual(oldTransaction.GetProperty("transactionId").GetString(), newTransaction.GetProperty("transactionId").GetString());
        Assert.Equal("2027-03-25T09:00:00", newTransaction.GetProperty("start").GetProperty("dateTime").GetString());
        Assert.Contains(Canaries.Pseudonym, newTransaction.GetProperty("body").GetProperty("content").GetString());
        Assert.True(newTransaction.GetProperty("isOnlineMeeting").GetBoolean());

        // The old event leaves the calendar through the outbox: cancelled, then deleted for good.
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Single(Calls("/events/evt-1/cancel"));
        Assert.Single(Calls("/events/evt-1/permanentDelete"));

        var mine = await _host.Bookings.MyBookingsAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        var moved = Assert.Single(mine);
        Assert.Equal(newTransaction.GetProperty("transactionId").GetString(), moved.Booking.BookingId);
        Assert.Equal(Instant.FromUtc(2027, 3, 25, 9, 0), moved.Booking.Start);
        Assert.Equal(("c1", MeetingMode.Online, BookingStatus.Requested), (moved.Booking.ConfidantId, moved.Booking.Mode, moved.Booking.Status));
        Assert.Equal(Canaries.Pseudonym, moved.Pseudonym);
        Assert.Equal(BookingStatus.Cancelled, (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking.Status);
        Assert.Equal(
            $"Geregeld: je gesprek is verplaatst naar donderdag 25 maart 2027 om 10:00. Je nieuwe referentie is {moved.Booking.ReferenceCode}; het oude verzoek {booking.ReferenceCode} is ingetrokken. De vertrouwenspersoon krijgt een nieuwe uitnodiging en antwoordt weer vanuit de eigen agenda; je hoort het hier.\n\nOnline via Teams, als gast onder je schuilnaam. 1. Kopieer deze link: https://teams.example/l/meetup-join/2 2. Open hem in een privévenster van je browser (niet in de Teams-app, want dan doe je mee met je eigen account) en typ je schuilnaam als naam.",
            reply);
    }

    [Fact]
    public async Task A_second_tap_on_the_same_proposal_books_nothing_more()
    {
        var (booking, _) = await BookAndRelayProposalAsync(Instant.FromUtc(2027, 3, 25, 9, 0));
        var person = Person();
        await person.SendValueAsync(new { command = BookingMessages.AnswerCommand, reference = booking.ReferenceCode, choice = "take" });

        var again = BookingTestHost.Visible(await Person().SendValueAsync(new { command = BookingMessages.AnswerCommand, reference = booking.ReferenceCode, choice = "take" }));

        Assert.Equal($"Ik kan gesprek {booking.ReferenceCode} niet meer vinden bij jouw afspraken. Kijk bij 'mijn afspraken' wat er nog staat.", again);
        Assert.Equal(2, Calls("/events").Count());
        await _host.RemovalService.RunOnceAsync(CancellationToken.None);
        Assert.Single(Calls("/events/evt-1/cancel"));
    }

    public static TheoryData<string, int> TooSoon => new()
    {
        { "in the past", -60 },
        { "sooner than the 4-hour lead time", 60 },
    };

    [Theory]
    [MemberData(nameof(TooSoon))]
    public async Task A_proposal_in_the_past_or_too_soon_is_relayed_without_the_take_button_and_cannot_be_taken(string _, int minutesFromNow)
    {
        var proposed = Instant.FromDateTimeOffset(_host.Clock.GetUtcNow()) + Duration.FromMinutes(minutesFromNow);
        var (booking, relayed) = await BookAndRelayProposalAsync(proposed);

        Assert.StartsWith($"De vertrouwenspersoon stelde voor gesprek {booking.ReferenceCode} een andere tijd voor: maandag 22 maart 2027 om ", relayed);
        Assert.Contains("Die tijd is te snel of al voorbij, dus die kan ik niet meer boeken.", relayed);
        Assert.DoesNotContain("Ja, die tijd", relayed);
        Assert.EndsWith("Nee, andere tijd kiezen\nAnnuleren", relayed);

        var reply = BookingTestHost.Visible(await Person().SendValueAsync(new { command = BookingMessages.AnswerCommand, reference = booking.ReferenceCode, choice = "take" }));

        Assert.Contains("Die tijd is te snel of al voorbij", reply);
        Assert.Single(Calls("/events"));
        Assert.Empty(Calls("/events/evt-1/cancel"));
        Assert.Equal(BookingStatus.NewTimeProposed, (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking.Status);
    }

    [Fact]
    public async Task A_proposal_that_was_fine_when_relayed_but_has_come_too_close_is_refused_when_tapped()
    {
        var (booking, relayed) = await BookAndRelayProposalAsync(Instant.FromUtc(2027, 3, 25, 9, 0));
        Assert.Contains("Ja, die tijd", relayed);
        _host.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 25, 6, 0, 0, TimeSpan.Zero));

        var reply = BookingTestHost.Visible(await Person().SendValueAsync(new { command = BookingMessages.AnswerCommand, reference = booking.ReferenceCode, choice = "take" }));

        Assert.Contains("Die tijd is te snel of al voorbij", reply);
        Assert.Single(Calls("/events"));
    }

    [Fact]
    public async Task Someone_elses_reference_code_finds_nothing_and_changes_nothing()
    {
        var (booking, _) = await BookAndRelayProposalAsync(Instant.FromUtc(2027, 3, 25, 9, 0));
        var stranger = _host.Client(
            new BookingAnswerDialog(_host.Bookings, _host.Messages, _host.Clock, NullLogger<BookingAnswerDialog>.Instance),
            BookingTestHost.Person(conversationId: "a:someone-else", userId: "29:someone-else", aadObjectId: "99999999-9999-9999-9999-999999999999"));

        var reply = BookingTestHost.Visible(await stranger.SendValueAsync(new { command = BookingMessages.AnswerCommand, reference = booking.ReferenceCode, choice = "take" }));

        Assert.StartsWith($"Ik kan gesprek {booking.ReferenceCode} niet meer vinden", reply);
        Assert.Single(Calls("/events"));
        Assert.Equal(BookingStatus.NewTimeProposed, (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking.Status);
    }
}
