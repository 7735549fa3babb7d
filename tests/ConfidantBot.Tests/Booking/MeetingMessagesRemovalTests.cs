using System.Diagnostics.Metrics;
using System.Text.Json;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Removal;
using ConfidantBot.Operations;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using NodaTime;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// The meeting messages Exchange keeps of a booking's event in the service mailbox (the sent
/// invitation, reminders, the cancellation, the confidant's answers) are deleted for good after
/// the event, found by the event's clean global object id and nothing else; without Mail.ReadWrite
/// they stay, with a clear error and a metric, and nothing waits for them. Real Graph SDK against a
/// fake Graph on 127.0.0.1; the exact requests are asserted.
/// </summary>
public sealed class MeetingMessagesRemovalTests : IDisposable
{
    private const string Mailbox = GraphBookingHost.Mailbox;
    private const string EventsPath = GraphBookingHost.EventsPath;
    private const string MessagesPath = $"/v1.0/users/{Mailbox}/messages";

    /// <summary>Two meetings' clean global object ids, as Exchange returns them (base64 of PidLidCleanGlobalObjectId).</summary>
    private const string ThisMeeting = "BAAAAIIA4AB0xbcQGoLgCAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAHRoaXMtbWVldGluZy0wMDE=";
    private const string OtherMeeting = "BAAAAIIA4AB0xbcQGoLgCAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAG90aGVyLW1lZXRpbmctMDI=";

    private static readonly Instant Wednesday13 = Instant.FromUtc(2027, 3, 24, 12, 0);
    private readonly GraphBookingHost _fake = new();

    private WireMockServer FakeGraph => _fake.Graph;

    private BookingTestHost TestHost => _fake.Host;

    public void Dispose() => _fake.Dispose();

    private async Task<string> BookAsync()
    {
        var booking = await TestHost.Bookings.BookAsync(
            new BookingRequest("c1", Wednesday13, MeetingMode.PhoneConfidantCalls, Canaries.Pseudonym, Canaries.PhoneNumber, Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        var eventId = "evt-" + booking.BookingId;
        Json(Request.Create().WithPath($"{EventsPath}/{eventId}").UsingGet(), new
        {
            id = eventId,
            createdDateTime = "2027-03-22T08:00:30Z",
            singleValueExtendedProperties = new[] { new { id = "Binary {6ed8da90-450b-101b-98da-00aa003f1305} Id 0x23", value = ThisMeeting } },
        });
        Status(Request.Create().WithPath($"{EventsPath}/{eventId}/cancel").UsingPost(), 202);
        Status(Request.Create().WithPath($"{EventsPath}/{eventId}/permanentDelete").UsingPost(), 204);
        return eventId;
    }

    /// <summary>
    /// The service mailbox as a shared mailbox holds it: this meeting's invitation and (on the next
    /// page) its cancellation, another booking's invitation and an ordinary mail without the property.
    /// </summary>
    private void MailboxHoldsMessages(int firstPageStatus = 200)
    {
        Json(Request.Create().WithPath(MessagesPath).UsingGet().WithParam("$skiptoken", "page2"), new
        {
            value = new object[] { new { id = "msg-cancellation", singleValueExtendedProperties = new[] { new { id = "Binary {6ed8da90-450b-101b-98da-00aa003f1305} Id 0x23", value = ThisMeeting } } } },
        }, priority: 1);
        var firstPage = Request.Create().WithPath(MessagesPath).UsingGet();
        if (firstPageStatus != 200)
        {
            Status(firstPage, firstPageStatus, priority: 2);
            return;
        }

        Json(firstPage, new Dictionary<string, object>
        {
            ["value"] = new object[]
            {
                new { id = "msg-invitation", singleValueExtendedProperties = new[] { new { id = "Binary {6ed8da90-450b-101b-98da-00aa003f1305} Id 0x23", value = ThisMeeting } } },
                new { id = "msg-other-booking", singleValueExtendedProperties = new[] { new { id = "Binary {6ed8da90-450b-101b-98da-00aa003f1305} Id 0x23", value = OtherMeeting } } },
                new { id = "msg-ordinary-mail" },
            },
            ["@odata.nextLink"] = $"{FakeGraph.Url}{MessagesPath}?%24skiptoken=page2",
        }, priority: 2);
        Status(Request.Create().WithPath($"{MessagesPath}/msg-invitation/permanentDelete").UsingPost(), 204);
        Status(Request.Create().WithPath($"{MessagesPath}/msg-cancellation/permanentDelete").UsingPost(), 404);
    }

    private void Json(IRequestBuilder request, object body, int priority = 0)
        => FakeGraph.Given(request).AtPriority(priority).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body)));

    private void Status(IRequestBuilder request, int status, int priority = 0)
        => FakeGraph.Given(request).AtPriority(priority).RespondWith(status >= 400
            ? Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new { error = new { code = status == 403 ? "ErrorAccessDenied" : $"Status{status}", message = "test" } }))
            : Response.Create().WithStatusCode(status));

    /// <summary>Every request after the booking was made, as "METHOD path", in order.</summary>
    private List<string> Requests() => [.. FakeGraph.LogEntries
        .OrderBy(e => e.RequestMessage!.DateTime)
        .Where(e => e.RequestMessage!.Path != EventsPath)
        .Select(e => $"{e.RequestMessage!.Method} {e.RequestMessage.Path}" + (e.RequestMessage.Query!.ContainsKey("$skiptoken") ? "?$skiptoken=page2" : ""))];

    private static string[] EventRemoval(string eventId) => [$"GET {EventsPath}/{eventId}", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/permanentDelete"];

    private static readonly string[] MessageSweep = [$"GET {MessagesPath}", $"GET {MessagesPath}?$skiptoken=page2", $"POST {MessagesPath}/msg-invitation/permanentDelete", $"POST {MessagesPath}/msg-cancellation/permanentDelete"];

    private static Dictionary<string, string> QueryOf(WireMock.Logging.ILogEntry entry)
        => entry.RequestMessage!.RawQuery!.TrimStart('?').Split('&')
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair[1]));

    [Fact]
    public async Task Cancelling_a_booking_deletes_its_meeting_messages_for_good_and_no_other_message_of_the_shared_mailbox()
    {
        var eventId = await BookAsync();
        MailboxHoldsMessages();
        Assert.True(await TestHost.Bookings.CancelAsync(eventId["evt-".Length..], Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));

        // The event goes at once; its key was read before the cancel, with immutable ids.
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(EventRemoval(eventId), Requests());
        var read = FakeGraph.LogEntries.Single(e => e.RequestMessage!.Path == $"{EventsPath}/{eventId}");
        Assert.Equal("createdDateTime", QueryOf(read)["$select"]);
        Assert.Equal($"singleValueExtendedProperties($filter=id eq '{GraphCalendarProvider.CleanGlobalObjectIdProperty}')", QueryOf(read)["$expand"]);
        Assert.Contains("IdType=\"ImmutableId\"", read.RequestMessage!.Headers!["Prefer"]);
        Assert.Null((await TestHost.Bookings.ReadAsync(eventId["evt-".Length..], CancellationToken.None))!.Value.Booking.EventId);

        // The messages wait until the cancellation has reached Sent Items.
        TestHost.Clock.Advance(TestHost.Removal.MeetingMessagesDelay - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await TestHost.Removals.BacklogAsync(CancellationToken.None));
        TestHost.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));

        // Every folder, from the event's creation on (less 5 minutes), ids and the one property only;
        // exactly the two messages of this meeting are deleted (one was gone already: 404 is done).
        Assert.Equal([.. EventRemoval(eventId), .. MessageSweep], Requests());
        var search = QueryOf(FakeGraph.LogEntries.Single(e => e.RequestMessage!.Path == MessagesPath && !e.RequestMessage.Query!.ContainsKey("$skiptoken")));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["$filter"] = "receivedDateTime ge 2027-03-22T07:55:30Z",
                ["$select"] = "id",
                ["$expand"] = $"singleValueExtendedProperties($filter=id eq '{GraphCalendarProvider.CleanGlobalObjectIdProperty}')",
                ["$top"] = "100",
            },
            search);
        Assert.Equal(0, await TestHost.Removals.BacklogAsync(CancellationToken.None));
        Assert.Contains(TestHost.Logs.GetSnapshot(), log => log.Id.Id == 436 && log.Message.Contains("2 meeting message(s)", StringComparison.Ordinal));

        TestHost.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal([.. EventRemoval(eventId), .. MessageSweep], Requests());
    }

    [Fact]
    public async Task Without_Mail_ReadWrite_forget_me_still_forgets_at_once_and_the_messages_stay_with_a_clear_error_and_a_metric()
    {
        var eventId = await BookAsync();
        MailboxHoldsMessages(firstPageStatus: 403);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = meters.GetRequiredService<IMeterFactory>();
        using var kept = new MetricCollector<long>(meterFactory, ConfidantBotMetrics.MeterName, "confidantbot.meeting_messages.kept", TestHost.Clock);
        var outbox = new CalendarRemovalOutbox(TestHost.Storage, TestHost.Calendar, Options.Create(TestHost.Removal), TestHost.Clock, new FakeLogger<CalendarRemovalOutbox>(TestHost.Logs), new ConfidantBotMetrics(meterFactory, TestHost.Clock));

        await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Empty(await TestHost.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Empty(await TestHost.ItemsAsync(BookingRecord.Partition));

        Assert.Equal(1, await outbox.ProcessDueAsync(CancellationToken.None));
        TestHost.Clock.Advance(TestHost.Removal.MeetingMessagesDelay);
        Assert.Equal(1, await outbox.ProcessDueAsync(CancellationToken.None));

        // Refused once: not retried, nothing deleted, nothing left waiting; the operator is told what to grant.
        Assert.Equal([.. EventRemoval(eventId), $"GET {MessagesPath}"], Requests());
        Assert.Equal(0, await TestHost.Removals.BacklogAsync(CancellationToken.None));
        var error = Assert.Single(TestHost.Logs.GetSnapshot(), log => log.Id.Id == 437);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("Mail.ReadWrite on the service mailbox only", error.Message, StringComparison.Ordinal);
        Assert.Contains("RBAC for Applications", error.Message, StringComparison.Ordinal);
        var measurement = Assert.Single(kept.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("denied", measurement.Tags["reason"]);

        TestHost.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await outbox.ProcessDueAsync(CancellationToken.None));
        Assert.Equal([.. EventRemoval(eventId), $"GET {MessagesPath}"], Requests());
    }

    [Fact]
    public async Task A_failing_message_search_is_retried_with_backoff_without_touching_the_event_again()
    {
        var eventId = await BookAsync();
        MailboxHoldsMessages();
        FakeGraph.Given(Request.Create().WithPath(MessagesPath).UsingGet()).InScenario("search").WillSetStateTo("recovered").AtPriority(0)
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Content-Type", "application/json").WithBody("""{"error":{"code":"InternalServerError","message":"test"}}"""));

        await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        TestHost.Clock.Advance(TestHost.Removal.MeetingMessagesDelay);
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal([.. EventRemoval(eventId), $"GET {MessagesPath}"], Requests());
        Assert.Equal(1, await TestHost.Removals.BacklogAsync(CancellationToken.None));

        TestHost.Clock.Advance(TestHost.Removal.FirstRetryAfter);
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal([.. EventRemoval(eventId), $"GET {MessagesPath}", .. MessageSweep], Requests());
        Assert.Equal(0, await TestHost.Removals.BacklogAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Switched_off_the_service_mailbox_is_not_searched_and_the_removal_is_as_before()
    {
        TestHost.Removal.DeleteMeetingMessages = false;
        var eventId = await BookAsync();
        MailboxHoldsMessages();

        await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        TestHost.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal(EventRemoval(eventId)[1..], Requests());
        Assert.Equal(0, await TestHost.Removals.BacklogAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_event_gone_before_its_removal_leaves_nothing_to_match_and_no_message_is_touched()
    {
        var booking = await TestHost.Bookings.BookAsync(
            new BookingRequest("c1", Wednesday13, MeetingMode.Online, Canaries.Pseudonym, null, Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        var eventId = "evt-" + booking.BookingId;
        Status(Request.Create().WithPath($"{EventsPath}/{eventId}").UsingGet(), 404);
        Status(Request.Create().WithPath($"{EventsPath}/{eventId}/cancel").UsingPost(), 404);
        Status(Request.Create().WithPath($"{EventsPath}/{eventId}/permanentDelete").UsingPost(), 404);
        MailboxHoldsMessages();

        await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        TestHost.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal(EventRemoval(eventId), Requests());
        Assert.Equal(0, await TestHost.Removals.BacklogAsync(CancellationToken.None));
    }
}
