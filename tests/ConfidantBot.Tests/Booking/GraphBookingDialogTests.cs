using System.Text.Json;
using System.Text.RegularExpressions;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Booking;

/// <summary>Booking through the dialog with the real Microsoft Graph SDK against a fake Graph on 127.0.0.1.</summary>
public sealed partial class GraphBookingDialogTests : IDisposable
{
    private const string Mailbox = "vertrouwelijk@gemeente.example";
    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });
    private readonly BookingTestHost _host;

    public GraphBookingDialogTests()
    {
        var confidants = Enumerable.Range(1, 25)
            .Select(i => BookingTestHost.Confidant($"c{i:00}", $"Vertrouwenspersoon {i:00}", calendarUserId: $"confidant{i:00}@gemeente.example"))
            .ToList();
        _host = new BookingTestHost(
            host =>
            {
                var options = Options.Create(new GraphCalendarOptions { ServiceMailbox = Mailbox, BaseUrl = _graph.Url + "/v1.0" });
                return new GraphCalendarProvider(GraphClients.Create(new FakeTokenCredential(), options.Value.BaseUrl), options, host.SlotFinder, new FakeLogger<GraphCalendarProvider>(host.Logs));
            },
            confidants);
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/calendar/getSchedule").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}"""));
    }

    public void Dispose()
    {
        _graph.Stop();
        _host.Dispose();
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]+")]
    private static partial Regex EmailAddress();

    private IEnumerable<WireMock.Logging.ILogEntry> Calls(string pathEnd, string method = "POST")
        => _graph.LogEntries.Where(e => e.RequestMessage!.Path!.EndsWith(pathEnd, StringComparison.Ordinal) && e.RequestMessage.Method == method);

    [Fact]
    public async Task The_event_the_SDK_sends_holds_reference_and_pseudonym_and_nothing_identifying_and_costs_two_getSchedule_calls_and_one_create()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"evt-1","onlineMeeting":{"joinUrl":"https://teams.example/l/meetup-join/1"}}"""));
        var client = _host.Client(_host.NewBookingDialog());

        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "any" });
        await client.SendValueAsync(new { choice = "0" });
        await client.SendValueAsync(new { choice = nameof(MeetingMode.Online) });
        await client.SendActivityAsync(Canaries.Pseudonym);
        var confirmation = BookingTestHost.Visible(await client.SendValueAsync(new { confirm = true }));

        Assert.Equal(2, Calls("/calendar/getSchedule").Count());
        var create = Assert.Single(Calls("/events"));
        Assert.Equal(3, _graph.LogEntries.Count());
        Assert.Contains("https://teams.example/l/meetup-join/1", confirmation);

        var reference = Assert.Single(await _host.ItemsAsync(BookingRecord.Partition)).Data;
        var referenceCode = JsonDocument.Parse(reference).RootElement.GetProperty("referenceCode").GetString()!;
        Assert.Contains(referenceCode, confirmation);
        var sent = create.RequestMessage!.Body!;
        Assert.Contains(referenceCode, sent);
        Assert.Contains(Canaries.Pseudonym, sent);
        Assert.DoesNotContain(Canaries.EntraObjectId, sent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Canaries.UserName, sent);
        Assert.DoesNotContain(Canaries.UserId, sent);
        Assert.DoesNotContain(Canaries.ConversationId, sent);
        Assert.Equal(["c01@vertrouwenswerk.example"], EmailAddress().Matches(sent).Select(m => m.Value).Distinct());
        Assert.Equal(JsonDocument.Parse(sent).RootElement.GetProperty("transactionId").GetString(), JsonDocument.Parse(reference).RootElement.GetProperty("bookingId").GetString());
    }

    /// <summary>Nothing fetches a link later (the relay reads only the answer), so the bot must not promise one.</summary>
    [Fact]
    public async Task An_online_event_Graph_creates_without_a_meeting_link_is_told_as_it_is_without_promising_the_link_later()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"evt-1"}"""));
        var client = _host.Client(_host.NewBookingDialog());

        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "any" });
        await client.SendValueAsync(new { choice = "0" });
        await client.SendValueAsync(new { choice = nameof(MeetingMode.Online) });
        await client.SendActivityAsync(Canaries.Pseudonym);
        var confirmation = BookingTestHost.Visible(await client.SendValueAsync(new { confirm = true }));

        Assert.Contains("Online via Teams, maar ik kreeg geen vergaderlink mee en kan je die later ook niet sturen. Annuleer dit verzoek bij 'mijn afspraken' en kies een andere manier van afspreken.", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("Open de vergaderlink", confirmation, StringComparison.Ordinal);
        var booking = JsonDocument.Parse(Assert.Single(await _host.ItemsAsync(BookingRecord.Partition)).Data).RootElement;
        Assert.False(booking.TryGetProperty("joinUrl", out _));
    }

    [Fact]
    public async Task A_403_from_Graph_tells_the_person_clearly_logs_a_configuration_error_and_stores_nothing()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"ErrorAccessDenied","message":"Access is denied."}}"""));
        var client = _host.Client(_host.NewBookingDialog());
        await BookingDialogTests.WalkToConfirmAsync(client, "c01", Canaries.Pseudonym);

        var reply = await client.SendValueAsync(new { confirm = true });

        Assert.Equal("Ik kan de agenda van deze vertrouwenspersoon nu niet gebruiken. Er is niets verstuurd en niets bewaard. De beheerder is gewaarschuwd; kies een andere vertrouwenspersoon of probeer het later. Dit chatgesprek zelf bewaart de gemeente in Teams.", BookingTestHost.Visible(reply));
        var error = Assert.Single(_host.Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("Configuration error", error.Message);
        Assert.DoesNotContain(Canaries.Pseudonym, string.Join("\n", _host.Logs.GetSnapshot().Select(r => r.Message)));
        Assert.Empty(await _host.ItemsAsync(BookingRecord.Partition));
        Assert.Empty(await _host.ItemsAsync("slot-c01"));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + ConfidantBot.Booking.Dialogs.BookingDraftStore.Purpose));
    }

    [Fact]
    public async Task Graph_unavailable_after_retries_asks_to_try_later_and_stores_nothing()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"ErrorInvalidRequest","message":"Bad request."}}"""));
        var client = _host.Client(_host.NewBookingDialog());
        await BookingDialogTests.WalkToConfirmAsync(client, "c01", Canaries.Pseudonym);

        var reply = await client.SendValueAsync(new { confirm = true });

        Assert.StartsWith("Het lukt op dit moment niet om de afspraak te maken. Er is niets verstuurd en niets bewaard.", BookingTestHost.Visible(reply));
        Assert.Empty(await _host.ItemsAsync(BookingRecord.Partition));
        Assert.Empty(await _host.ItemsAsync("slot-c01"));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
    }

    [Fact]
    public async Task An_unanswered_request_is_forwarded_to_the_confidant_as_a_reminder_and_the_person_is_told()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"evt-1"}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"evt-1","attendees":[{"type":"required","status":{"response":"none"},"emailAddress":{"address":"c01@vertrouwenswerk.example"}}]}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1/forward").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202));
        var booking = await _host.Bookings.BookAsync(
            new BookingRequest("c01", NodaTime.Instant.FromUtc(2027, 3, 24, 12, 0), MeetingMode.Online, Canaries.Pseudonym, null, ConfidantBot.Roster.Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        var adapter = new ConfidantBot.BotFramework.Testing.TestAdapter();
        var relay = _host.NewAnswerRelay(adapter);

        _host.Clock.Advance(_host.Booking.ReminderAfter);
        Assert.Equal(1, await relay.CheckOnceAsync(CancellationToken.None));

        var forward = Assert.Single(Calls("/events/evt-1/forward"));
        var body = forward.RequestMessage!.Body!;
        Assert.Equal(["c01@vertrouwenswerk.example"], EmailAddress().Matches(body).Select(m => m.Value).Distinct());
        Assert.DoesNotContain(Canaries.Pseudonym, body);
        Assert.DoesNotContain(Canaries.UserName, body);
        var told = Assert.Single(adapter.SentActivities);
        Assert.Equal(Canaries.ConversationId, told.Conversation!.Id);
        Assert.Contains(booking.ReferenceCode, told.Text);
    }

    [Fact]
    public async Task A_reminder_Graph_refuses_is_tried_again_on_the_next_pass()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"evt-1"}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"evt-1","attendees":[{"type":"required","status":{"response":"none"},"emailAddress":{"address":"c01@vertrouwenswerk.example"}}]}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1/forward").UsingPost())
            .InScenario("forward").WillSetStateTo("works")
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody("""{"error":{"code":"ErrorInvalidRequest","message":"No."}}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1/forward").UsingPost())
            .InScenario("forward").WhenStateIs("works")
            .RespondWith(Response.Create().WithStatusCode(202));
        await _host.Bookings.BookAsync(
            new BookingRequest("c01", NodaTime.Instant.FromUtc(2027, 3, 24, 12, 0), MeetingMode.Online, "Merel", null, ConfidantBot.Roster.Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        var adapter = new ConfidantBot.BotFramework.Testing.TestAdapter();
        var relay = _host.NewAnswerRelay(adapter);
        _host.Clock.Advance(_host.Booking.ReminderAfter);

        Assert.Equal(0, await relay.CheckOnceAsync(CancellationToken.None));
        Assert.Empty(adapter.SentActivities);
        Assert.Equal(1, await relay.CheckOnceAsync(CancellationToken.None));

        Assert.Equal(2, Calls("/events/evt-1/forward").Count());
        Assert.Single(adapter.SentActivities);
    }
}
