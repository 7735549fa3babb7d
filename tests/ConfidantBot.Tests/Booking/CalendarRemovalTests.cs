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
    private const string Mailbox = GraphBookingHost.Mailbox;
    private const string EventsPath = GraphBookingHost.EventsPath;
    private static readonly Instant Wednesday13 = Instant.FromUtc(2027, 3, 24, 12, 0);
    private readonly GraphBookingHost _fake = new();

    private WireMockServer FakeGraph => _fake.Graph;

    private BookingTestHost TestHost => _fake.Host;

    public void Dispose() => _fake.Dispose();

    private Task<BookingConfirmation> BookAsync(Instant start, string objectId = Canaries.EntraObjectId)
        => TestHost.Bookings.BookAsync(
            new BookingRequest("c1", start, MeetingMode.PhoneConfidantCalls, Canaries.Pseudonym, Canaries.PhoneNumber, Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, objectId, CancellationToken.None);

    private void GraphAnswers(string eventId, string action, int status, string? scenario = null, string? state = null, string? nextState = null)
    {
        var request = FakeGraph.Given(Request.Create().WithPath($"{EventsPath}/{eventId}/{action}").UsingPost());
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
    private List<string> EventRequests() => [.. FakeGraph.LogEntries
        .OrderBy(e => e.RequestMessage!.DateTime)
        .Where(e => e.RequestMessage!.Path != EventsPath)
        .Select(e => $"{e.RequestMessage!.Method} {e.RequestMessage.Path}")];

    private IEnumerable<ILogEntry> Removals() => FakeGraph.LogEntries.Where(e => e.RequestMessage!.Path!.EndsWith("/cancel", StringComparison.Ordinal) || e.RequestMessage.Path!.EndsWith("/permanentDelete", StringComparison.Ordinal));

    [Fact]
    public async Task Removing_an_event_cancels_it_with_a_bare_message_then_deletes_it_for_good_asking_for_immutable_ids()
    {
        GraphAnswers("evt-1", "cancel", 202);
        GraphAnswers("evt-1", "permanentDelete", 204);
        var calendar = TestHost.Calendar;

        Assert.Equal(EventCancelOutcome.Cancelled, await calendar.TryCancelEventAsync("evt-1", CancellationToken.None));
        Assert.True(await calendar.DeleteEventPermanentlyAsync("evt-1", CancellationToken.None));

        Assert.Equal(CancelThenDelete("evt-1")[1..], EventRequests());
        var cancel = FakeGraph.LogEntries.Single(e => e.RequestMessage!.Path!.EndsWith("/cancel", StringComparison.Ordinal)).RequestMessage!;
        var comment = JsonDocument.Parse(cancel.Body!).RootElement.EnumerateObject().Single(p => p.NameEquals("comment") || p.NameEquals("Comment")).Value;
        Assert.Equal("Dit gesprek is geannuleerd. / This talk was cancelled.", comment.GetString());
        Assert.All(Removals(), e => Assert.Contains("IdType=\"ImmutableId\"", e.RequestMessage!.Headers!["Prefer"]));
    }

    [Fact]
    public async Task Creating_the_event_asks_for_an_immutable_id_so_the_delete_after_the_cancel_still_finds_it()
    {
        await BookAsync(Wednesday13);

        var create = Assert.Single(FakeGraph.LogEntries, e => e.RequestMessage!.Path == EventsPath).RequestMessage!;
        Assert.Contains("IdType=\"ImmutableId\"", create.Headers!["Prefer"]);
    }

    [Fact]
    public async Task An_event_already_gone_counts_as_removed_and_one_Graph_will_not_cancel_is_still_deleted()
    {
        GraphAnswers("evt-gone", "cancel", 404);
        GraphAnswers("evt-gone", "permanentDelete", 404);
        GraphAnswers("evt-done", "cancel", 400);
        GraphAnswers("evt-done", "permanentDelete", 204);

        Assert.Equal(EventCancelOutcome.Gone, await TestHost.Calendar.TryCancelEventAsync("evt-gone", CancellationToken.None));
        Assert.False(await TestHost.Calendar.DeleteEventPermanentlyAsync("evt-gone", CancellationToken.None));
        Assert.Equal(EventCancelOutcome.Refused, await TestHost.Calendar.TryCancelEventAsync("evt-done", CancellationToken.None));
        Assert.True(await TestHost.Calendar.DeleteEventPermanentlyAsync("evt-done", CancellationToken.None));
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

        var forgotten = await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);

        // Forgotten at once, before Graph was asked anything.
        Assert.Equal((1, 1, 1), forgotten);
        Assert.Empty(Removals());
        Assert.Empty(await TestHost.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Empty(await TestHost.ItemsAsync(BookingRecord.Partition));
        Assert.Empty(await TestHost.Bookings.MyBookingsAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));
        Assert.Equal(eventId, (await TestHost.Removals.FindAsync(booking.BookingId, CancellationToken.None))!.EventId);

        // Graph fails twice: each time the removal waits longer (30 s, then 60 s) and nothing is lost.
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        TestHost.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        TestHost.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, Removals().Count());
        TestHost.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal(
            [$"GET {EventsPath}/{eventId}", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/permanentDelete"],
            EventRequests());
        Assert.Equal(0, await TestHost.Removals.BacklogAsync(CancellationToken.None));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(4, Removals().Count());
    }

    [Fact]
    public async Task Forget_me_when_Graph_says_the_event_is_gone_finishes_in_one_pass()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        GraphAnswers(eventId, "cancel", 404);
        GraphAnswers(eventId, "permanentDelete", 404);

        await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Empty(await TestHost.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));

        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(CancelThenDelete(eventId), EventRequests());
        Assert.Equal(0, await TestHost.Removals.BacklogAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_delete_that_fails_after_the_cancel_is_retried_without_cancelling_twice()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        GraphAnswers(eventId, "cancel", 202);
        GraphAnswers(eventId, "permanentDelete", 500, "delete", null, "recovered");
        GraphAnswers(eventId, "permanentDelete", 204, "delete", "recovered");

        await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        TestHost.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal([$"GET {EventsPath}/{eventId}", $"POST {EventsPath}/{eventId}/cancel", $"POST {EventsPath}/{eventId}/permanentDelete", $"POST {EventsPath}/{eventId}/permanentDelete"], EventRequests());
    }

    [Fact]
    public async Task Cancelling_a_booking_removes_its_event_and_the_row_keeps_no_event_id()
    {
        var (booking, eventId) = await BookWithRemovableEventAsync();

        Assert.True(await TestHost.Bookings.CancelAsync(booking.BookingId, Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));

        Assert.Equal(CancelThenDelete(eventId), EventRequests());
        var row = (await TestHost.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking;
        Assert.Equal(BookingStatus.Cancelled, row.Status);
        Assert.Null(row.EventId);
    }

    [Fact]
    public async Task A_declined_booking_is_removed_after_its_grace_period_and_forget_me_does_not_count_it_as_cancelled()
    {
        var (declined, eventId) = await BookWithRemovableEventAsync();
        var row = (await TestHost.Bookings.ReadAsync(declined.BookingId, CancellationToken.None))!.Value;
        Assert.True(await TestHost.Bookings.TryUpdateAsync(row.Booking with { Status = BookingStatus.Declined, RelayedAnswer = AttendeeAnswer.Declined }, row.ETag, CancellationToken.None));

        // What the relay does when it passes a decline on: the removal waits for the grace period.
        var grace = Duration.FromHours(24);
        await TestHost.Removals.EnqueueAsync(declined.BookingId, eventId, Instant.FromDateTimeOffset(TestHost.Clock.GetUtcNow()) + grace, CancellationToken.None);
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Empty(Removals());
        TestHost.Clock.Advance(grace.ToTimeSpan());
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(CancelThenDelete(eventId), EventRequests());

        var (cancelled, removed, _) = await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Equal((0, 1), (cancelled, removed));
    }

    [Fact]
    public async Task A_decline_taken_back_within_the_grace_period_withdraws_the_removal()
    {
        var booking = await BookAsync(Wednesday13);
        var eventId = "evt-" + booking.BookingId;
        await TestHost.Removals.EnqueueAsync(booking.BookingId, eventId, Instant.FromDateTimeOffset(TestHost.Clock.GetUtcNow()) + Duration.FromHours(24), CancellationToken.None);

        Assert.True(await TestHost.Removals.WithdrawAsync(booking.BookingId, CancellationToken.None));

        TestHost.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Empty(Removals());
    }

    [Fact]
    public async Task Retention_removes_the_event_of_a_passed_appointment_before_its_row_expires()
    {
        var (booking, eventId) = await BookWithRemovableEventAsync();
        var rowExpires = Assert.Single(await TestHost.ItemsAsync(BookingRecord.Partition)).ExpiresAt!.Value;

        // The talk is over, the retention period not yet: the event stays.
        TestHost.Clock.SetUtcNow(booking.End.ToDateTimeOffset().AddDays(1));
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Empty(Removals());

        // Less than an hour before the row goes, the event goes first.
        TestHost.Clock.SetUtcNow(rowExpires - CalendarRemovalService.QueueBeforeExpiry + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(CancelThenDelete(eventId), EventRequests());
        Assert.NotNull(await TestHost.Bookings.ReadAsync(booking.BookingId, CancellationToken.None));

        // Later passes do not ask Graph again.
        Assert.Equal(0, await TestHost.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, Removals().Count());
    }

    [Fact]
    public async Task Two_instances_on_one_store_remove_an_event_once()
    {
        var (_, eventId) = await BookWithRemovableEventAsync();
        await TestHost.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        var instances = Enumerable.Range(0, 4)
            .Select(_ => new CalendarRemovalOutbox(TestHost.Storage, TestHost.Calendar, Options.Create(TestHost.Removal), TestHost.Clock, new FakeLogger<CalendarRemovalOutbox>()))
            .ToList();

        var completed = await Task.WhenAll(instances.Select(outbox => Task.Run(() => outbox.ProcessDueAsync(CancellationToken.None))));

        Assert.Equal(1, completed.Sum());
        Assert.Equal(CancelThenDelete(eventId), EventRequests());
    }
}
