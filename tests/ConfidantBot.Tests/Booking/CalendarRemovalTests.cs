using System.Text.Json;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Removal;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using NodaTime;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// The organiser's event leaves the service mailbox for good — cancel (the confidant is told), then
/// permanentDelete — at cancel, forget-me, a decline and retention, through the outbox, with the
/// real Graph SDK against a fake Graph on 127.0.0.1. The exact requests are asserted.
/// </summary>
public sealed class CalendarRemovalTests : IDisposable
{
    private const string Mailbox = "vertrouwelijk@gemeente.example";
    private const string EventsPath = $"/v1.0/users/{Mailbox}/events";
    private static readonly Instant Wednesday13 = Instant.FromUtc(2027, 3, 24, 12, 0);
    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });
    private readonly BookingTestHost _host;

    public CalendarRemovalTests()
    {
        _host = new BookingTestHost(host =>
        {
            var options = Options.Create(new GraphCalendarOptions { ServiceMailbox = Mailbox, BaseUrl = _graph.Url + "/v1.0" });
            return new GraphCalendarProvider(GraphClients.Create(new FakeTokenCredential(), options.Value.BaseUrl), options, host.SlotFinder, new FakeLogger<GraphCalendarProvider>(host.Logs));
        });

        // Each created event gets the id "evt-" + its transactionId (the booking id).
        _graph.Given(Request.Create().WithPath(EventsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(request =>
            {
                using var body = JsonDocument.Parse(request.Body!);
                return JsonSerializer.Serialize(new { id = "evt-" + body.RootElement.GetProperty("transactionId").GetString() });
            }));
    }

    public void Dispose()
    {
        _graph.Stop();
        _host.Dispose();
    }

    private Task<BookingConfirmation> BookAsync(Instant start, string objectId = Canaries.EntraObjectId)
        => _host.Bookings.BookAsync(
            new BookingRequest("c1", start, MeetingMode.PhoneConfidantCalls, Canaries.Pseudonym, Canaries.PhoneNumber, Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, objectId, CancellationToken.None);

    private void GraphAnswers(string eventId, string action, int status, string? scenario = null, string? state = null, string? nextState = null)
    {
        var request = _graph.Given(Request.Create().WithPath($"{EventsPath}/{eventId}/{action}").UsingPost());
        if (scenario is not null)
        {
            request = request.InScenario(scenario);
            if (state is not null)
            {
                request = request.WhenStateIs(state);
            }

            if (nextState is not null)
            {
                request = request.WillSetStateTo(nextState);
            }
        }

        request.RespondWith(status >= 400
            ? Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new { error = new { code = $"Status{status}", message = "test" } }))
            : Response.Create().WithStatusCode(status));
    }

    /// <summary>A booking whose event Graph will cancel (202) and then delete for good (204).</summary>
    private async Task<(BookingConfirmation Booking, string EventId)> BookWithRemovableEventAsync()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        GraphAnswers(eventId, "cancel", 202);
        GraphAnswers(eventId, "permanentDelete", 204);
        return (booking, eventId);
    }

    /// <summary>
    /// What a full removal asks Graph, in order: the meeting's key (read before the cancel; this fake
    /// Graph answers 404 unless a test maps it), the cancel (the confidant is told), the permanent delete.
    /// </summary>
    private static string[] CancelThenDelete(string eventId) => [$"GET {EventsPath}/{eventId}", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/permanentDelete"];

    /// <summary>Every request that touched an existing event, as "METHOD path", in order.</summary>
    private List<string> EventRequests() => [.. _graph.LogEntries
        .OrderBy(e => e.RequestMessage!.DateTime)
        .Where(e => e.RequestMessage!.Path != EventsPath)
        .Select(e => $"{e.RequestMessage!.Method} {e.RequestMessage.Path}")];

    private IEnumerable<ILogEntry> Removals() => _graph.LogEntries.Where(e => e.RequestMessage!.Path!.EndsWith("/cancel", StringComparison.Ordinal) || e.RequestMessage.Path!.EndsWith("/permanentDelete", StringComparison.Ordinal));

    [Fact]
    public async Task Removing_an_event_cancels_it_with_a_bare_message_then_deletes_it_for_good_asking_for_immutable_ids()
    {
        GraphAnswers("evt-1", "cancel", 202);
        GraphAnswers("evt-1", "permanentDelete", 204);
        var calendar = _host.Calendar;

        Assert.Equal(EventCancelOutcome.Cancelled, await calendar.TryCancelEventAsync("evt-1", CancellationToken.None));
        Assert.True(await calendar.DeleteEventPermanentlyAsync("evt-1", CancellationToken.None));

        Assert.Equal(CancelThenDelete("evt-1")[1..], EventRequests());
        var cancel = _graph.LogEntries.Single(e => e.RequestMessage!.Path!.EndsWith("/cancel", StringComparison.Ordinal)).RequestMessage!;
        var comment = JsonDocument.Parse(cancel.Body!).RootElement.EnumerateObject().Single(p => p.NameEquals("comment") || p.NameEquals("Comment")).Value;
        Assert.Equal("Dit gesprek is geannuleerd. / This talk was cancelled.", comment.GetString());
        Assert.All(Removals(), e => Assert.Contains("IdType=\"ImmutableId\"", e.RequestMessage!.Headers!["Prefer"]));
    }

    [Fact]
    public async Task Creating_the_event_asks_for_an_immutable_id_so_the_delete_after_the_cancel_still_finds_it()
    {
        await BookAsync(Wednesday13);

        var create = Assert.Single(_graph.LogEntries, e => e.RequestMessage!.Path == EventsPath).RequestMessage!;
        Assert.Contains("IdType=\"ImmutableId\"", create.Headers!["Prefer"]);
    }

    [Fact]
    public async Task An_event_already_gone_counts_as_removed_and_one_Graph_will_not_cancel_is_still_deleted()
    {
        GraphAnswers("evt-gone", "cancel", 404);
        GraphAnswers("evt-gone", "permanentDelete", 404);
        GraphAnswers("evt-done", "cancel", 400);
        GraphAnswers("evt-done", "permanentDelete", 204);

        Assert.Equal(EventCancelOutcome.Gone, await _host.Calendar.TryCancelEventAsync("evt-gone", CancellationToken.None));
        Assert.False(await _host.Calendar.DeleteEventPermanentlyAsync("evt-gone", CancellationToken.None));
        Assert.Equal(EventCancelOutcome.Refused, await _host.Calendar.TryCancelEventAsync("evt-done", CancellationToken.None));
        Assert.True(await _host.Calendar.DeleteEventPermanentlyAsync("evt-done", CancellationToken.None));
    }

    [Fact]
    public async Task Forget_me_with_Graph_failing_deletes_the_routing_at_once_and_finishes_the_calendar_once_Graph_answers()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        GraphAnswers(eventId, "cancel", 500, "graph", null, "second");
        GraphAnswers(eventId, "cancel", 500, "graph", "second", "recovered");
        GraphAnswers(eventId, "cancel", 202, "graph", "recovered");
        GraphAnswers(eventId, "permanentDelete", 204);

        var forgotten = await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);

        // Forgotten at once, before Graph was asked anything.
        Assert.Equal((1, 1, 1), forgotten);
        Assert.Empty(Removals());
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Empty(await _host.ItemsAsync(BookingRecord.Partition));
        Assert.Empty(await _host.Bookings.MyBookingsAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));
        Assert.Equal(eventId, (await _host.Removals.FindAsync(booking.BookingId, CancellationToken.None))!.EventId);

        // Graph fails twice: each time the removal waits longer (30 s, then 60 s) and nothing is lost.
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        _host.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, Removals().Count());
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal(
            [$"GET {EventsPath}/{eventId}", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/permanentDelete"],
            EventRequests());
        Assert.Equal(0, await _host.Removals.BacklogAsync(CancellationToken.None));
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(4, Removals().Count());
    }

    [Fact]
    public async Task Forget_me_when_Graph_says_the_event_is_gone_finishes_in_one_pass()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        GraphAnswers(eventId, "cancel", 404);
        GraphAnswers(eventId, "permanentDelete", 404);

        await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));

        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(CancelThenDelete(eventId), EventRequests());
        Assert.Equal(0, await _host.Removals.BacklogAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_delete_that_fails_after_the_cancel_is_retried_without_cancelling_twice()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        GraphAnswers(eventId, "cancel", 202);
        GraphAnswers(eventId, "permanentDelete", 500, "delete", null, "recovered");
        GraphAnswers(eventId, "permanentDelete", 204, "delete", "recovered");

        await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal([$"GET {EventsPath}/{eventId}", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/permanentDelete", $"POST {EventsPath}/{eventId}/permanentDelete"], EventRequests());
    }

    [Fact]
    public async Task Cancelling_a_booking_removes_its_event_and_the_row_keeps_no_event_id()
    {
        var (booking, eventId) = await BookWithRemovableEventAsync();

        Assert.True(await _host.Bookings.CancelAsync(booking.BookingId, Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal(CancelThenDelete(eventId), EventRequests());
        var row = (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking;
        Assert.Equal(BookingStatus.Cancelled, row.Status);
        Assert.Null(row.EventId);
    }

    [Fact]
    public async Task A_declined_booking_is_removed_after_its_grace_period_and_forget_me_does_not_count_it_as_cancelled()
    {
        var (declined, eventId) = await BookWithRemovableEventAsync();
        var row = (await _host.Bookings.ReadAsync(declined.BookingId, CancellationToken.None))!.Value;
        Assert.True(await _host.Bookings.TryUpdateAsync(row.Booking with { Status = BookingStatus.Declined, RelayedAnswer = AttendeeAnswer.Declined }, row.ETag, CancellationToken.None));

        // What the relay does when it passes a decline on: the removal waits for the grace period.
        var grace = Duration.FromHours(24);
        await _host.Removals.EnqueueAsync(declined.BookingId, eventId, Instant.FromDateTimeOffset(_host.Clock.GetUtcNow()) + grace, CancellationToken.None);
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Empty(Removals());
        _host.Clock.Advance(grace.ToTimeSpan());
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(CancelThenDelete(eventId), EventRequests());

        var (cancelled, removed, _) = await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Equal((0, 1), (cancelled, removed));
    }

    [Fact]
    public async Task A_decline_taken_back_within_the_grace_period_withdraws_the_removal()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        await _host.Removals.EnqueueAsync(booking.BookingId, eventId, Instant.FromDateTimeOffset(_host.Clock.GetUtcNow()) + Duration.FromHours(24), CancellationToken.None);

        Assert.True(await _host.Removals.WithdrawAsync(booking.BookingId, CancellationToken.None));

        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Empty(Removals());
    }

    [Fact]
    public async Task Retention_removes_the_event_of_a_passed_appointment_before_its_row_expires()
    {
        var (booking, eventId) = await BookWithRemovableEventAsync();
        var rowExpires = Assert.Single(await _host.ItemsAsync(BookingRecord.Partition)).ExpiresAt!.Value;

        // The talk is over, the retention period not yet: the event stays.
        _host.Clock.SetUtcNow(booking.End.ToDateTimeOffset().AddDays(1));
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Empty(Removals());

        // Less than an hour before the row goes, the event goes first.
        _host.Clock.SetUtcNow(rowExpires - CalendarRemovalService.QueueBeforeExpiry + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(CancelThenDelete(eventId), EventRequests());
        Assert.NotNull(await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None));

        // Later passes do not ask Graph again.
        Assert.Equal(0, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, Removals().Count());
    }

    [Fact]
    public async Task Two_instances_on_one_store_remove_an_event_once()
    {
        var (_, eventId) = await BookWithRemovableEventAsync();
        await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        var instances = Enumerable.Range(0, 4)
            .Select(_ => new CalendarRemovalOutbox(_host.Storage, _host.Calendar, Options.Create(_host.Removal), _host.Clock, new FakeLogger<CalendarRemovalOutbox>()))
            .ToList();

        var completed = await Task.WhenAll(instances.Select(outbox => Task.Run(() => outbox.ProcessDueAsync(CancellationToken.None))));

        Assert.Equal(1, completed.Sum());
        Assert.Equal(CancelThenDelete(eventId), EventRequests());
    }
}
