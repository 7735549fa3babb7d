using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.Figures;
using ConfidantBot.Operations;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Privacy.Sealing;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Booking;

/// <summary>
/// Follows the confidant's latest answer on every watched booking (until the talk starts) and
/// tells the person each new answer once, in order, through a proactive message using the sealed
/// routing: accepted, declined (with choices), a new time (as a choice), and a change of mind.
/// Safe on several instances: each answer version is claimed with the booking's ETag first, and
/// only the instance whose write won sends the message. A message that may have reached the person
/// (the connector failed after taking it) is never sent again; one that certainly did not is tried
/// again on the next pass (see <see cref="ConnectorDelivery"/>). After a decline the organiser's event is
/// removed once <see cref="BookingOptions.DeclineGracePeriod"/> has passed (the decline policy).
/// </summary>
public sealed partial class AnswerRelayService(
    BookingService bookings,
    ICalendarProvider calendar,
    SealedRoutingStore routing,
    BotAdapter adapter,
    BookingMessages messages,
    IOptions<BookingOptions> options,
    TimeProvider clock,
    IUsageCounters counters,
    ILogger<AnswerRelayService> logger,
    ConfidantBotMetrics? metrics = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnswerPollInterval, clock);
        do
        {
            try
            {
                await CheckOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass over the watched bookings; returns how many messages were relayed.</summary>
    public async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var relayed = 0;
        var watched = 0;
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        await foreach (var (booking, etag) in bookings.WatchedBookingsAsync(now, cancellationToken).ConfigureAwait(false))
        {
            watched++;
            try
            {
                if (await CheckBookingAsync(booking, etag, now, cancellationToken).ConfigureAwait(false))
                {
                    relayed++;
                }
            }
            catch (Exception exception) when (exception is CalendarUnavailableException or CalendarAccessDeniedException or SealedRecordException)
            {
                // One event that cannot be read (or one record that cannot be opened) must not stop the others.
                LogBookingSkipped(logger, exception.GetType().Name);
            }
        }

        await CountHeldAsync(now, cancellationToken).ConfigureAwait(false);
        metrics?.RelayPassFinished(watched);
        return relayed;
    }

    /// <summary>Counts each accepted booking whose end has passed once: only the instance whose mark is written counts it.</summary>
    private async Task CountHeldAsync(Instant now, CancellationToken cancellationToken)
    {
        await foreach (var (booking, etag) in bookings.EndedAcceptedBookingsAsync(now, cancellationToken).ConfigureAwait(false))
        {
            if (await bookings.TryUpdateAsync(booking with { HeldCounted = true }, etag, cancellationToken).ConfigureAwait(false))
            {
                await counters.RecordAsync(UsageEvent.BookingHeld(booking.ConfidantKind, booking.Audience), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> CheckBookingAsync(BookingRecord booking, string etag, Instant now, CancellationToken cancellationToken)
    {
        if (booking.Status == BookingStatus.Declined && booking.DeclinedAt is { } declinedAt
            && now >= declinedAt + Duration.FromTimeSpan(options.Value.DeclineGracePeriod))
        {
            // The decline policy: the confidant had the grace period to change their mind; now the event goes.
            await bookings.RemoveDeclinedEventAsync(booking, etag, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var response = await calendar.GetResponseAsync(booking.EventId!, cancellationToken).ConfigureAwait(false);
        if (response.Answer != AttendeeAnswer.None && (response.Answer != booking.RelayedAnswer || response.ProposedStart != booking.ProposedStart))
        {
            return await RelayNewAnswerAsync(booking, etag, response, now, cancellationToken).ConfigureAwait(false);
        }

        if (response.Answer == AttendeeAnswer.None && booking.ReminderSentAt is null && now - booking.CreatedAt >= Duration.FromTimeSpan(options.Value.ReminderAfter))
        {
            var reminded = booking with { ReminderSentAt = now };
            if (await bookings.TryUpdateAsync(reminded, etag, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await calendar.SendReminderAsync(booking.EventId!, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // The confidant was not reminded: clear the mark so that the next pass tries again.
                    if (await bookings.ReadAsync(booking.BookingId, CancellationToken.None).ConfigureAwait(false) is { Booking.ReminderSentAt: not null } written)
                    {
                        await bookings.TryUpdateAsync(written.Booking with { ReminderSentAt = null }, written.ETag, CancellationToken.None).ConfigureAwait(false);
                    }

                    throw;
                }

                try
                {
                    return await TellPersonAsync(reminded, (record, locale) => messages.ForReminder(record, locale), null, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The confidant was reminded; the note to the person is not worth a second reminder, nor
                    // a risk of saying it twice. One booking's failure must not stop the pass for the others.
                    LogReminderNoteFailed(logger, exception.GetType().Name);
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The confidant's answer differs from the last one relayed: a new answer version. It is claimed
    /// with the booking's ETag, so among several instances exactly one tells the person.
    /// </summary>
    private async Task<bool> RelayNewAnswerAsync(BookingRecord booking, string etag, AttendeeResponse response, Instant now, CancellationToken cancellationToken)
    {
        var status = response.Answer switch
        {
            AttendeeAnswer.Accepted => BookingStatus.Accepted,
            AttendeeAnswer.Declined => BookingStatus.Declined,
            AttendeeAnswer.Tentative => BookingStatus.Tentative,
            _ => BookingStatus.NewTimeProposed,
        };

        // Figures count a booking's first final answer once; a later change of mind is relayed but not counted again.
        // The count mark is written with the claim and kept when the claim is given back, so a retry does not count again.
        var countsNow = status is BookingStatus.Accepted or BookingStatus.Declined && booking.CountedAnswer is null;

        // A first answer (tentative is not one) is counted once in its day bucket; a first proposal of another time once too.
        var firstAnswerNow = status is BookingStatus.Accepted or BookingStatus.Declined or BookingStatus.NewTimeProposed && !booking.FirstAnswerCounted;
        var newTimeNow = status == BookingStatus.NewTimeProposed && !booking.NewTimeCounted;
        var changed = booking with
        {
            FirstAnswerCounted = booking.FirstAnswerCounted || firstAnswerNow,
            NewTimeCounted = booking.NewTimeCounted || newTimeNow,
            RelayedAnswer = response.Answer,
            ProposedStart = response.Answer == AttendeeAnswer.NewTimeProposed ? response.ProposedStart : null,
            Status = status,
            AnswerVersion = booking.AnswerVersion + 1,
            DeclinedAt = status == BookingStatus.Declined ? now : null,
            CountedAnswer = countsNow ? status : booking.CountedAnswer,
        };

        if (!await bookings.TryUpdateAsync(changed, etag, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (countsNow)
        {
            await counters.RecordAsync(
                status == BookingStatus.Accepted ? UsageEvent.BookingAccepted(booking.ConfidantKind, booking.Audience) : UsageEvent.BookingDeclined(booking.ConfidantKind, booking.Audience),
                CancellationToken.None).ConfigureAwait(false);
        }

        if (newTimeNow)
        {
            await counters.RecordAsync(UsageEvent.BookingNewTime(booking.ConfidantKind, booking.Audience), CancellationToken.None).ConfigureAwait(false);
        }

        if (firstAnswerNow)
        {
            // Only the bucket is counted: the request's time stays in the booking record, which retention deletes.
            await counters.RecordAsync(UsageEvent.BookingAnswered(AnswerDaysBuckets.Of(now - booking.CreatedAt)), CancellationToken.None).ConfigureAwait(false);
        }

        var sending = false;
        try
        {
            return await TellPersonAsync(changed, (record, locale) => messages.ForAnswer(record, booking.Status, now, locale), () => sending = true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (MayHaveReachedPerson(exception, sending))
        {
            // The message may have arrived (a timeout or a 5xx after the connector took it): the
            // version stays relayed. Sending it again could show the person the same answer twice,
            // and Teams does not merge duplicates; if it was lost, "mijn afspraken" shows the answer.
            LogRelayUncertain(logger, exception.GetType().Name);
            return false;
        }
        catch (Exception exception)
        {
            // The person was certainly not told (connector refused it or unreachable, bot blocked, routing
            // not readable, stopped before sending): give this version back so the next pass tries again.
            if (await bookings.ReadAsync(booking.BookingId, CancellationToken.None).ConfigureAwait(false) is { } written
                && written.Booking.AnswerVersion == changed.AnswerVersion)
            {
                await bookings.TryUpdateAsync(
                    written.Booking with
                    {
                        RelayedAnswer = booking.RelayedAnswer,
                        ProposedStart = booking.ProposedStart,
                        Status = booking.Status,
                        AnswerVersion = booking.AnswerVersion,
                        DeclinedAt = booking.DeclinedAt,
                    },
                    written.ETag,
                    CancellationToken.None).ConfigureAwait(false);
            }

            if (exception is OperationCanceledException)
            {
                throw;
            }

            LogRelayFailed(logger, exception.GetType().Name);
            return false;
        }
    }

    /// <summary>
    /// Whether a failed message may still have reached the person: the connector says so, or the
    /// relay was stopped while the request was under way. Anything failing before the send
    /// (routing, token, a refused service URL) never reached anyone.
    /// </summary>
    private static bool MayHaveReachedPerson(Exception exception, bool sending) => exception switch
    {
        ConnectorException connector => connector.MayHaveBeenDelivered,
        OperationCanceledException => sending,
        _ => false,
    };

    private async Task<bool> TellPersonAsync(BookingRecord booking, Func<BookingRecord, string?, BotFramework.Schema.Activity> message, Action? sending, CancellationToken cancellationToken)
    {
        var record = await routing.OpenAsync(booking.BookingId, RoutingPurposes.Booking, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            // Forgotten or expired: there is nobody to tell any more.
            return false;
        }

        var reference = record.Address.ToConversationReference();
        sending?.Invoke();
        await adapter.ContinueConversationAsync(
            reference,
            (turn, ct) => turn.SendActivityAsync(message(booking, reference.Locale), ct),
            cancellationToken).ConfigureAwait(false);
        LogRelayed(logger, booking.Status);
        return true;
    }

    [LoggerMessage(EventId = 414, Level = LogLevel.Warning, Message = "Telling the person failed with {ExceptionType}; the next pass tries again.")]
    private static partial void LogRelayFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 416, Level = LogLevel.Warning, Message = "The confidant was reminded, but telling the person failed with {ExceptionType}; the note is not sent again.")]
    private static partial void LogReminderNoteFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 415, Level = LogLevel.Warning, Message = "Telling the person failed with {ExceptionType} after the message may have arrived; it is not sent again, so it reaches the person at most once.")]
    private static partial void LogRelayUncertain(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "Relayed a confidant's answer ({Status}) to the person.")]
    private static partial void LogRelayed(ILogger logger, BookingStatus status);

    [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "Skipped one booking in this pass ({ExceptionType}); the next pass tries again.")]
    private static partial void LogBookingSkipped(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "Checking answers failed with {ExceptionType}; the next pass tries again.")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType);
}
