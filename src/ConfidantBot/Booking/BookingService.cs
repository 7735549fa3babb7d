using System.Text.Json;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Removal;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Operations;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Privacy.Sealing;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Booking;

/// <summary>
/// Books, lists and cancels anonymous appointments. The order of writes is chosen so that a
/// failure at any point leaves nothing half-stored: slot claim, sealed routing, calendar event,
/// booking record — and each failure undoes the steps before it.
/// </summary>
public sealed partial class BookingService(
    IStorage storage,
    RosterStore roster,
    ICalendarProvider calendar,
    SlotFinder slotFinder,
    SealedRoutingStore routing,
    PersonKeyHasher hasher,
    IOptions<RetentionOptions> retention,
    TimeProvider clock,
    IUsageCounters counters,
    CalendarRemovalOutbox removals,
    ILogger<BookingService> logger,
    ConfidantBotMetrics? metrics = null)
{
    private const string SlotPartitionPrefix = "slot-";

    private Instant Now => Instant.FromDateTimeOffset(clock.GetUtcNow());

    /// <summary>Free slots of the given confidants, earliest first.</summary>
    public async Task<IReadOnlyList<Slot>> FindSlotsAsync(IReadOnlyCollection<Confidant> confidants, CancellationToken cancellationToken)
    {
        var now = Now;
        var inTenant = confidants.Where(c => !string.IsNullOrWhiteSpace(c.CalendarUserId)).Select(c => c.CalendarUserId!).ToList();
        var window = slotFinder.SearchWindow(now);
        var calendarBusy = inTenant.Count == 0
            ? new Dictionary<string, IReadOnlyList<TimeRange>>()
            : await calendar.GetBusyAsync(inTenant, window.Start, window.End, cancellationToken).ConfigureAwait(false);

        var slots = new List<Slot>();
        foreach (var confidant in confidants)
        {
            var busy = new List<TimeRange>();
            await foreach (var claim in storage.QueryAsync(SlotPartitionPrefix + confidant.Id, cancellationToken).ConfigureAwait(false))
            {
                busy.Add(JsonSerializer.Deserialize<TimeRange>(claim.Data.Span, NodaJson.Options));
            }

            if (confidant.CalendarUserId is { } calendarId && calendarBusy.TryGetValue(calendarId, out var fromCalendar))
            {
                busy.AddRange(fromCalendar);
            }

            slots.AddRange(slotFinder.FindSlots(confidant, now, busy));
        }

        // A stable order: at equal times the roster's order (by name) decides, the same on every page.
        return [.. slots.OrderBy(slot => slot.Start)];
    }

    /// <exception cref="SlotTakenException">Someone else claimed the slot first; nothing was stored.</exception>
    /// <exception cref="Privacy.Keys.KeyUnavailableException">Nothing was stored; try again later.</exception>
    /// <exception cref="CalendarAccessDeniedException">Nothing was stored; a configuration error was logged.</exception>
    /// <exception cref="CalendarUnavailableException">Nothing was stored; try again later.</exception>
    public async Task<BookingConfirmation> BookAsync(BookingRequest request, ConversationReference conversation, string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var confidant = await roster.FindAsync(request.ConfidantId, cancellationToken).ConfigureAwait(false);
        if (confidant is null || !confidant.Active)
        {
            metrics?.BookingFailed("slot-taken");
            throw new SlotTakenException();
        }

        var end = request.Start + Duration.FromMinutes(confidant.SlotMinutes);
        var bookingId = ReferenceCodes.NewBookingId();
        var referenceCode = ReferenceCodes.New();
        var expiresAt = (end + Duration.FromDays(retention.Value.DaysAfterAppointment)).ToDateTimeOffset();

        var slotKey = SlotKey(confidant.Id, request.Start);
        try
        {
            await storage.WriteAsync(slotKey, JsonSerializer.SerializeToUtf8Bytes(new TimeRange(request.Start, end), NodaJson.Options), ifMatch: null, expiresAt: end.ToDateTimeOffset(), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            metrics?.BookingFailed("slot-taken");
            throw new SlotTakenException();
        }

        PersonHash? owner = null;
        CalendarEventRef? created = null;
        BookingConfirmation confirmation;
        try
        {
            owner = await hasher.HashAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
            var record = RoutingRecord.Create(conversation, request.Pseudonym, request.Mode, request.Mode == MeetingMode.PhoneConfidantCalls ? request.PhoneNumber : null);
            await routing.SaveAsync(bookingId, RoutingPurposes.Booking, record, owner, expiresAt, cancellationToken).ConfigureAwait(false);

            created = await calendar.CreateEventAsync(
                new BookingInvitation(bookingId, referenceCode, record.Pseudonym, confidant.InvitationEmail, request.Start, end, request.Mode,
                    record.PhoneNumber,
                    request.Mode == MeetingMode.InPerson ? confidant.OfficeAddress : null),
                cancellationToken).ConfigureAwait(false);

            var booking = new BookingRecord
            {
                BookingId = bookingId,
                ReferenceCode = referenceCode,
                ConfidantId = confidant.Id,
                ConfidantKind = confidant.Kind,
                Audience = request.Audience,
                Start = request.Start,
                End = end,
                Mode = request.Mode,
                Status = BookingStatus.Requested,
                EventId = created.EventId,
                JoinUrl = created.JoinUrl,
                CreatedAt = Now,
            };
            await storage.WriteAsync(new StorageKey(BookingRecord.Partition, bookingId), JsonSerializer.SerializeToUtf8Bytes(booking, NodaJson.Options), ifMatch: null, expiresAt, cancellationToken).ConfigureAwait(false);
            LogBooked(logger, confidant.Kind);
            confirmation = new BookingConfirmation(bookingId, referenceCode, request.Start, end, request.Mode, created.JoinUrl, confidant.DisplayName);
        }
        catch (Exception exception)
        {
            metrics?.BookingFailed(exception switch
            {
                CalendarAccessDeniedException => "calendar-denied",
                CalendarUnavailableException => "calendar-unavailable",
                Privacy.Keys.KeyUnavailableException => "key-unavailable",
                OperationCanceledException => "cancelled",
                _ => "error",
            });

            // Undo in reverse; CancellationToken.None so that a cancelled turn still cleans up.
            await UndoAsync(bookingId, slotKey, owner, created).ConfigureAwait(false);
            throw;
        }

        metrics?.BookingCreated();

        // Outside the undo block and not cancellable: the booking stands, so it is counted and reported as made.
        await counters.RecordAsync(UsageEvent.BookingRequested(confidant.Kind, request.Audience), CancellationToken.None).ConfigureAwait(false);
        return confirmation;
    }

    private async Task UndoAsync(string bookingId, StorageKey slotKey, PersonHash? owner, CalendarEventRef? created)
    {
        if (created is not null)
        {
            try
            {
                await calendar.TryCancelEventAsync(created.EventId, CancellationToken.None).ConfigureAwait(false);
                await calendar.DeleteEventPermanentlyAsync(created.EventId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is CalendarUnavailableException or CalendarAccessDeniedException)
            {
                // The confidant may have received an invitation nobody will follow up: the outbox keeps trying.
                LogUndoEventFailed(logger, exception.GetType().Name);
                await removals.EnqueueAsync(bookingId, created.EventId, notBefore: null, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await routing.DeleteAsync(bookingId, RoutingPurposes.Booking, owner, CancellationToken.None).ConfigureAwait(false);
        await storage.DeleteAsync(slotKey, ETags.Any, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The person's bookings that have not expired, found through their keyed hash.</summary>
    public async Task<IReadOnlyList<(BookingRecord Booking, string Pseudonym)>> MyBookingsAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var owner = await hasher.HashAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        var found = await routing.FindByPersonAsync(owner, cancellationToken).ConfigureAwait(false);
        var bookings = new List<(BookingRecord, string)>();
        foreach (var record in found.Where(r => r.Reference.Purpose == RoutingPurposes.Booking))
        {
            if (await ReadAsync(record.Reference.RecordId, cancellationToken).ConfigureAwait(false) is { Booking: { } booking })
            {
                bookings.Add((booking, record.Record.Pseudonym));
            }
        }

        return bookings.OrderBy(b => b.Item1.Start).ToList();
    }

    /// <summary>Cancels one of the person's own bookings: the routing is deleted, the event's removal queued (the confidant hears "cancelled").</summary>
    public async Task<bool> CancelAsync(string bookingId, string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var mine = await MyBookingsAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        if (!mine.Any(b => b.Booking.BookingId == bookingId))
        {
            return false;
        }

        await EndBookingAsync(bookingId, keepRow: true, cancellationToken).ConfigureAwait(false);
        var owner = await hasher.HashAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        await routing.DeleteAsync(bookingId, RoutingPurposes.Booking, owner, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// "Forget me". First, and whatever the calendar does, the person's sealed routing and index
    /// are deleted; then each booking found there ends: its event's removal is queued in the
    /// outbox, its slot and row are deleted. The calendar is told afterwards, by the outbox.
    /// </summary>
    /// <returns>How many appointments still to come were cancelled, how many sealed records were removed, and how many calendar events are being removed.</returns>
    public async Task<(int CancelledBookings, int RemovedRecords, int CalendarRemovals)> ForgetAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var owner = await hasher.HashAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        var deletion = await routing.DeleteAllForPersonAsync(owner, cancellationToken).ConfigureAwait(false);
        var cancelled = 0;
        var calendarRemovals = 0;
        foreach (var reference in deletion.DeletedRecords.Where(r => r.Purpose == RoutingPurposes.Booking))
        {
            try
            {
                var ended = await EndBookingAsync(reference.RecordId, keepRow: false, cancellationToken).ConfigureAwait(false);
                cancelled += ended.WasComing ? 1 : 0;
                calendarRemovals += ended.RemovalQueued ? 1 : 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The person is forgotten already; retention queues this event before its row expires.
                LogForgetBookingFailed(logger, exception.GetType().Name);
            }
        }

        return (cancelled, deletion.RecordCount, calendarRemovals);
    }

    public async Task<(BookingRecord Booking, string ETag)?> ReadAsync(string bookingId, CancellationToken cancellationToken)
    {
        var item = await storage.ReadAsync(new StorageKey(BookingRecord.Partition, bookingId), cancellationToken).ConfigureAwait(false);
        return item is null ? null : (JsonSerializer.Deserialize<BookingRecord>(item.Data.Span, NodaJson.Options)!, item.ETag);
    }

    /// <summary>Saves a changed booking if nobody changed it since <paramref name="etag"/>; false when someone did.</summary>
    public async Task<bool> TryUpdateAsync(BookingRecord booking, string etag, CancellationToken cancellationToken)
    {
        var expiresAt = (booking.End + Duration.FromDays(retention.Value.DaysAfterAppointment)).ToDateTimeOffset();
        try
        {
            await storage.WriteAsync(new StorageKey(BookingRecord.Partition, booking.BookingId), JsonSerializer.SerializeToUtf8Bytes(booking, NodaJson.Options), etag, expiresAt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<(BookingRecord Booking, string ETag)> OpenBookingsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.QueryAsync(BookingRecord.Partition, cancellationToken).ConfigureAwait(false))
        {
            var booking = JsonSerializer.Deserialize<BookingRecord>(item.Data.Span, NodaJson.Options)!;
            if (booking.IsOpen)
            {
                yield return (booking, item.ETag);
            }
        }
    }

    /// <summary>The bookings whose confidant's answer the relay still reads (see <see cref="BookingRecord.IsWatched"/>).</summary>
    public async IAsyncEnumerable<(BookingRecord Booking, string ETag)> WatchedBookingsAsync(Instant now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.QueryAsync(BookingRecord.Partition, cancellationToken).ConfigureAwait(false))
        {
            var booking = JsonSerializer.Deserialize<BookingRecord>(item.Data.Span, NodaJson.Options)!;
            if (booking.IsWatched(now))
            {
                yield return (booking, item.ETag);
            }
        }
    }

    /// <summary>Accepted bookings whose end has passed and that were not yet counted as held.</summary>
    public async IAsyncEnumerable<(BookingRecord Booking, string ETag)> EndedAcceptedBookingsAsync(Instant now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.QueryAsync(BookingRecord.Partition, cancellationToken).ConfigureAwait(false))
        {
            var booking = JsonSerializer.Deserialize<BookingRecord>(item.Data.Span, NodaJson.Options)!;
            if (booking is { Status: BookingStatus.Accepted, HeldCounted: false } && booking.End <= now)
            {
                yield return (booking, item.ETag);
            }
        }
    }

    /// <summary>
    /// The decline policy's last step: the grace period after a decline has passed, so the
    /// organiser's event is removed. Claimed with the ETag, so one instance removes it.
    /// </summary>
    public async Task RemoveDeclinedEventAsync(BookingRecord booking, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var removed = booking with { EventRemoved = true };
        if (booking.EventId is not { } eventId || !await TryUpdateAsync(removed, etag, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            // The outbox cancels and deletes the event for good, retrying while the calendar fails.
            await removals.EnqueueAsync(booking.BookingId, eventId, notBefore: null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not queued: put the mark back so that the next pass tries again.
            if (await ReadAsync(booking.BookingId, CancellationToken.None).ConfigureAwait(false) is { Booking.EventRemoved: true } written)
            {
                await TryUpdateAsync(written.Booking with { EventRemoved = false }, written.ETag, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        await storage.DeleteAsync(SlotKey(booking.ConfidantId, booking.Start), ETags.Any, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// One of the person's own bookings by its reference code, found through their keyed hash:
    /// buttons and conversation state carry the reference code only, never the booking id.
    /// </summary>
    public async Task<(BookingRecord Booking, string Pseudonym)?> FindMineAsync(string tenantId, string aadObjectId, string referenceCode, CancellationToken cancellationToken)
    {
        var mine = await MyBookingsAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        return mine.Where(entry => string.Equals(entry.Booking.ReferenceCode, referenceCode?.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(entry => ((BookingRecord, string)?)entry)
            .FirstOrDefault();
    }

    /// <summary>
    /// "Ja, die tijd": books the confidant's proposed time with the same confidant, pseudonym, phone
    /// number and way of meeting (a new booking: a new event with a new transactionId and a
    /// new reference), then cancels the old request. The old booking is claimed first with its ETag,
    /// so a second press (or a second instance) does nothing.
    /// </summary>
    /// <returns>The new booking, or null when the booking has no open, still bookable proposal (taken already, or too soon).</returns>
    /// <exception cref="SlotTakenException">The proposed time is no longer free; the old booking is unchanged.</exception>
    public async Task<BookingConfirmation?> TakeProposalAsync(string oldBookingId, ConversationReference conversation, string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        if (await ReadAsync(oldBookingId, cancellationToken).ConfigureAwait(false) is not { } current
            || current.Booking is not { Status: BookingStatus.NewTimeProposed, ProposedStart: { } proposedStart } old
            || !slotFinder.IsBookableStart(proposedStart, Now))
        {
            return null;
        }

        var owner = await hasher.HashAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        var routingRecord = await routing.OpenAsync(old.BookingId, RoutingPurposes.Booking, cancellationToken).ConfigureAwait(false);
        if (routingRecord is null || !await TryUpdateAsync(old with { Status = BookingStatus.Cancelled }, current.ETag, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        BookingConfirmation confirmation;
        try
        {
            confirmation = await BookAsync(
                new BookingRequest(old.ConfidantId, proposedStart, routingRecord.ContactMode, routingRecord.Pseudonym, routingRecord.PhoneNumber, old.Audience),
                conversation, tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing new was booked: the old booking is open again with its proposal.
            if (await ReadAsync(old.BookingId, CancellationToken.None).ConfigureAwait(false) is { Booking.Status: BookingStatus.Cancelled } written)
            {
                await TryUpdateAsync(old, written.ETag, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        // The new request stands; the old one is withdrawn (the confidant hears "cancelled").
        await RemoveWithdrawnEventAsync(old).ConfigureAwait(false);
        await routing.DeleteAsync(old.BookingId, RoutingPurposes.Booking, owner, CancellationToken.None).ConfigureAwait(false);
        return confirmation;
    }

    private async Task RemoveWithdrawnEventAsync(BookingRecord old)
    {
        if (old.EventId is { } eventId && !old.EventRemoved)
        {
            // The outbox cancels and deletes the old event for good, retrying while the calendar fails.
            await removals.EnqueueAsync(old.BookingId, eventId, notBefore: null, CancellationToken.None).ConfigureAwait(false);
        }

        await storage.DeleteAsync(SlotKey(old.ConfidantId, old.Start), ETags.Any, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends a booking: marks it cancelled (or deletes the row), queues its event's removal and
    /// frees the slot. WasComing only when an appointment still to come was cancelled: a declined
    /// or already cancelled booking, or a talk already held, was not cancelled in any real sense.
    /// </summary>
    private async Task<(bool WasComing, bool RemovalQueued)> EndBookingAsync(string bookingId, bool keepRow, CancellationToken cancellationToken)
    {
        var key = new StorageKey(BookingRecord.Partition, bookingId);
        while (await ReadAsync(bookingId, cancellationToken).ConfigureAwait(false) is { } current)
        {
            var (booking, etag) = current;
            // A declined booking whose grace period ended had its removal queued already.
            var removalQueued = booking.EventId is not null && !booking.EventRemoved;
            if (removalQueued)
            {
                // Queued before the row changes: if we stop here, the row still points to the event.
                await removals.EnqueueAsync(bookingId, booking.EventId!, notBefore: null, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                if (keepRow)
                {
                    if (booking.Status == BookingStatus.Cancelled)
                    {
                        return (false, removalQueued);
                    }

                    if (!await TryUpdateAsync(booking with { Status = BookingStatus.Cancelled }, etag, cancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }
                }
                else
                {
                    await storage.DeleteAsync(key, etag, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (StorageConflictException)
            {
                // The relay changed the booking at the same moment: read again.
                continue;
            }

            var wasComing = booking.Status is not (BookingStatus.Declined or BookingStatus.Cancelled) && booking.End > Now;
            if (wasComing)
            {
                await counters.RecordAsync(UsageEvent.BookingCancelled(booking.ConfidantKind, booking.Audience), CancellationToken.None).ConfigureAwait(false);
            }

            await storage.DeleteAsync(SlotKey(booking.ConfidantId, booking.Start), ETags.Any, cancellationToken).ConfigureAwait(false);
            return (wasComing, removalQueued);
        }

        return (false, false);
    }

    private static StorageKey SlotKey(string confidantId, Instant start)
        => new(SlotPartitionPrefix + confidantId, start.ToUnixTimeTicks().ToString(System.Globalization.CultureInfo.InvariantCulture));

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "A failed booking's calendar event could not be removed at once ({ExceptionType}); the outbox keeps trying.")]
    private static partial void LogUndoEventFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Forget-me: one booking could not be ended ({ExceptionType}); the person's routing is deleted and retention removes the event before the row expires.")]
    private static partial void LogForgetBookingFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "A booking was requested with an {ConfidantKind} confidant.")]
    private static partial void LogBooked(ILogger logger, ConfidantKind confidantKind);
}
