using System.Collections.Frozen;
using System.Globalization;
using ConfidantBot.Booking.Availability;
using ConfidantBot.BotFramework.Telemetry;
using ConfidantBot.Operations;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;
using Microsoft.Graph.Users.Item.Events.Item.Forward;
using Microsoft.Kiota.Abstractions;
using TimeRange = ConfidantBot.Booking.Availability.TimeRange;
using NodaTime;
using NodaTime.Text;

namespace ConfidantBot.Booking.Calendar;

/// <summary>
/// Calendars through Microsoft Graph. Events are organised by the service mailbox with the
/// confidant's own address as the only attendee, so external confidants get the invitation where
/// they are and their answer shows up as the attendee's response.
/// </summary>
public sealed partial class GraphCalendarProvider(
    GraphServiceClient graph,
    IOptions<GraphCalendarOptions> options,
    SlotFinder slotFinder,
    ILogger<GraphCalendarProvider> logger,
    ConfidantBotMetrics? metrics = null) : ICalendarProvider
{
    /// <summary>getSchedule takes at most 20 schedules per call.</summary>
    public const int MaxSchedulesPerCall = 20;

    /// <summary>getSchedule takes a window shorter than 62 days.</summary>
    public static readonly Duration MaxWindowPerCall = Duration.FromDays(61);

    private static readonly LocalDateTimePattern GraphDateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF");

    /// <summary>Gone: the event no longer exists. Other 4xx answers to a cancel (e.g. an event already cancelled) mean it cannot be cancelled, not that it must be tried again.</summary>
    private static readonly FrozenSet<int> CancelRefusals = FrozenSet.ToFrozenSet([400, 404, 409, 410]);

    private static readonly FrozenSet<int> Gone = FrozenSet.ToFrozenSet([404, 410]);

    private static readonly FrozenSet<int> NoneTolerated = FrozenSet<int>.Empty;

    /// <summary>
    /// MAPI <c>PidLidCleanGlobalObjectId</c> (PSETID_Meeting, LID 0x23) as a Graph extended property id.
    /// [MS-OXOCAL] gives the calendar item and every meeting request, forward, cancellation and response
    /// of one meeting the same value, so it finds exactly that meeting's messages and nothing else.
    /// </summary>
    public const string CleanGlobalObjectIdProperty = "Binary {6ED8DA90-450B-101B-98DA-00AA003F1305} Id 0x0023";

    /// <summary>Messages per page when looking for a meeting's messages: only ids and one property come back.</summary>
    public const int MessagesPerPage = 100;

    /// <summary>
    /// The message search starts this long before the event was created: <c>receivedDateTime</c> has
    /// whole seconds, the invitation's copy can carry the second before the event's exact creation time.
    /// </summary>
    private static readonly TimeSpan MessageSearchSlack = TimeSpan.FromMinutes(5);

    private static readonly string ExpandCleanGlobalObjectId = $"singleValueExtendedProperties($filter=id eq '{CleanGlobalObjectIdProperty}')";

    private readonly string _mailbox = options.Value.ServiceMailbox;
    private readonly string _graphHost = new Uri(graph.RequestAdapter.BaseUrl ?? "https://graph.microsoft.com/v1.0").Host;

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetBusyAsync(IReadOnlyCollection<string> calendarUserIds, Instant from, Instant to, CancellationToken cancellationToken)
    {
        var busy = calendarUserIds.Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(id => id, _ => new List<TimeRange>(), StringComparer.OrdinalIgnoreCase);
        foreach (var batch in busy.Keys.Chunk(MaxSchedulesPerCall))
        {
            for (var windowStart = from; windowStart < to; windowStart += MaxWindowPerCall)
            {
                var windowEnd = Instant.Min(to, windowStart + MaxWindowPerCall);
                var body = new GetSchedulePostRequestBody
                {
                    Schedules = [.. batch],
                    StartTime = ToGraph(windowStart),
                    EndTime = ToGraph(windowEnd),
                    AvailabilityViewInterval = 15,
                };
                var response = await CallAsync(
                    () => graph.Users[_mailbox].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(body, request => request.Headers.Add("Prefer", "outlook.timezone=\"UTC\""), cancellationToken),
                    "getSchedule").ConfigureAwait(false);
                foreach (var schedule in response?.Value ?? [])
                {
                    if (schedule.ScheduleId is null || !busy.TryGetValue(schedule.ScheduleId, out var ranges))
                    {
                        continue;
                    }

                    foreach (var item in schedule.ScheduleItems ?? [])
                    {
                        if (item.Status is FreeBusyStatus.Free or FreeBusyStatus.WorkingElsewhere || item.Start is null || item.End is null)
                        {
                            continue;
                        }

                        ranges.Add(new TimeRange(FromGraph(item.Start), FromGraph(item.End)));
                    }
                }
            }
        }

        return busy.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<TimeRange>)pair.Value, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<CalendarEventRef> CreateEventAsync(BookingInvitation invitation, CancellationToken cancellationToken)
    {
        var online = invitation.Mode == MeetingMode.Online;
        var calendarEvent = new Event
        {
            Subject = InvitationText.Subject(invitation.ReferenceCode),
            Body = new ItemBody { ContentType = BodyType.Html, Content = InvitationText.Body(invitation, slotFinder.Zone) },
            Start = ToGraph(invitation.Start),
            End = ToGraph(invitation.End),
            Attendees = [new Attendee { Type = AttendeeType.Required, EmailAddress = new EmailAddress { Address = invitation.ConfidantEmail } }],
            Sensitivity = Sensitivity.Private,
            ShowAs = FreeBusyStatus.Busy,
            IsReminderOn = true,
            ResponseRequested = true,
            AllowNewTimeProposals = true,
            IsOnlineMeeting = online,
            OnlineMeetingProvider = online ? OnlineMeetingProviderType.TeamsForBusiness : null,
            // The SDK's retry handler may re-send this POST after a 429/503/504; the same
            // transactionId makes Graph return the first event instead of creating a second.
            TransactionId = invitation.BookingId,
        };

        var created = await CallAsync(() => graph.Users[_mailbox].Events.PostAsync(calendarEvent, PreferImmutableIds, cancellationToken), "create event").ConfigureAwait(false);
        if (created?.Id is null)
        {
            throw new CalendarUnavailableException("Graph accepted the event but returned no id.");
        }

        return new CalendarEventRef(created.Id, created.OnlineMeeting?.JoinUrl);
    }

    public async Task<AttendeeResponse> GetResponseAsync(string eventId, CancellationToken cancellationToken)
    {
        var calendarEvent = await CallAsync(
            () => graph.Users[_mailbox].Events[eventId].GetAsync(request => { request.QueryParameters.Select = ["attendees"]; PreferImmutableIds(request); }, cancellationToken),
            "read event").ConfigureAwait(false);
        var attendee = calendarEvent?.Attendees?.FirstOrDefault();
        if (attendee is null)
        {
            return new AttendeeResponse(AttendeeAnswer.None, null, null);
        }

        if (attendee.ProposedNewTime is { Start: { } proposedStart, End: { } proposedEnd })
        {
            return new AttendeeResponse(AttendeeAnswer.NewTimeProposed, FromGraph(proposedStart), FromGraph(proposedEnd));
        }

        var answer = attendee.Status?.Response switch
        {
            ResponseType.Accepted => AttendeeAnswer.Accepted,
            ResponseType.Declined => AttendeeAnswer.Declined,
            ResponseType.TentativelyAccepted => AttendeeAnswer.Tentative,
            _ => AttendeeAnswer.None,
        };
        return new AttendeeResponse(answer, null, null);
    }

    public Task CancelEventAsync(string eventId, CancellationToken cancellationToken)
        => CallAsync(() => PostCancelAsync(eventId, cancellationToken), "cancel event");

    public async Task<EventCancelOutcome> TryCancelEventAsync(string eventId, CancellationToken cancellationToken)
    {
        var status = await CallAsync(() => PostCancelAsync(eventId, cancellationToken), "cancel event", tolerated: CancelRefusals).ConfigureAwait(false);
        if (status is null)
        {
            return EventCancelOutcome.Cancelled;
        }

        if (status == 404)
        {
            return EventCancelOutcome.Gone;
        }

        LogCancelRefused(logger, status.Value);
        return EventCancelOutcome.Refused;
    }

    public async Task<bool> DeleteEventPermanentlyAsync(string eventId, CancellationToken cancellationToken)
    {
        // permanentDelete (v1.0) reaches the item wherever cancel moved it (Deleted Items), because
        // the id is immutable; it skips Deleted Items and lands in the purges folder of Recoverable
        // Items, which mail clients cannot open and Exchange empties after its retention period.
        var status = await CallAsync(
            () => graph.Users[_mailbox].Events[eventId].PermanentDelete.PostAsync(PreferImmutableIds, cancellationToken),
            "delete event",
            tolerated: Gone).ConfigureAwait(false);
        return status is null;
    }

    public async Task<MeetingMessagesKey?> FindMeetingMessagesKeyAsync(string eventId, CancellationToken cancellationToken)
    {
        Event? calendarEvent;
        try
        {
            calendarEvent = await CallAsync(
                () => graph.Users[_mailbox].Events[eventId].GetAsync(
                    request =>
                    {
                        request.QueryParameters.Select = ["createdDateTime"];
                        request.QueryParameters.Expand = [ExpandCleanGlobalObjectId];
                        PreferImmutableIds(request);
                    },
                    cancellationToken),
                "read event",
                Gone).ConfigureAwait(false);
        }
        catch (ToleratedStatusException)
        {
            return null;
        }

        var objectId = calendarEvent?.SingleValueExtendedProperties?.FirstOrDefault(property => property.Value is { Length: > 0 })?.Value;
        if (objectId is null || calendarEvent!.CreatedDateTime is not { } created)
        {
            return null;
        }

        return new MeetingMessagesKey(objectId, Instant.FromDateTimeOffset(created));
    }

    public async Task<int> DeleteMeetingMessagesAsync(MeetingMessagesKey key, CancellationToken cancellationToken)
    {
        try
        {
            // Every folder (/messages covers Sent Items, Inbox and Deleted Items), only messages from
            // the event's creation on, only the id and the one property: nothing else is read.
            var since = (key.EventCreated.ToDateTimeOffset() - MessageSearchSlack).UtcDateTime.ToString("yyyy-MM-dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
            var matching = new List<string>();
            var page = await CallAsync(
                () => graph.Users[_mailbox].Messages.GetAsync(
                    request =>
                    {
                        request.QueryParameters.Filter = $"receivedDateTime ge {since}";
                        request.QueryParameters.Select = ["id"];
                        request.QueryParameters.Expand = [ExpandCleanGlobalObjectId];
                        request.QueryParameters.Top = MessagesPerPage;
                    },
                    cancellationToken),
                "find meeting messages").ConfigureAwait(false);
            while (page is not null)
            {
                matching.AddRange(page.Value?
                    .Where(message => message.Id is not null && message.SingleValueExtendedProperties?.Any(property => string.Equals(property.Value, key.CleanGlobalObjectId, StringComparison.Ordinal)) == true)
                    .Select(message => message.Id!) ?? []);
                if (page.OdataNextLink is not { Length: > 0 } next)
                {
                    break;
                }

                page = await CallAsync(() => graph.Users[_mailbox].Messages.WithUrl(next).GetAsync(cancellationToken: cancellationToken), "find meeting messages").ConfigureAwait(false);
            }

            foreach (var messageId in matching)
            {
                // permanentDelete (v1.0): into the purges folder of Recoverable Items, as with the event. 404: gone already.
                await CallAsync(() => graph.Users[_mailbox].Messages[messageId].PermanentDelete.PostAsync(cancellationToken: cancellationToken), "delete meeting message", Gone).ConfigureAwait(false);
            }

            return matching.Count;
        }
        catch (CalendarAccessDeniedException denied)
        {
            throw new MeetingMessagesAccessDeniedException("Graph refused to find or delete the service mailbox's meeting messages. Grant the app Mail.ReadWrite on the service mailbox only (Exchange RBAC for Applications, infra/README.md), or set CalendarRemoval:DeleteMeetingMessages to false.", denied);
        }
    }

    private Task PostCancelAsync(string eventId, CancellationToken cancellationToken)
        => graph.Users[_mailbox].Events[eventId].Cancel.PostAsync(
            new CancelPostRequestBody { Comment = InvitationText.CancelledComment },
            PreferImmutableIds,
            cancellationToken);

    public async Task SendReminderAsync(string eventId, CancellationToken cancellationToken)
    {
        var calendarEvent = await CallAsync(
            () => graph.Users[_mailbox].Events[eventId].GetAsync(request => { request.QueryParameters.Select = ["attendees"]; PreferImmutableIds(request); }, cancellationToken),
            "read event").ConfigureAwait(false);
        var recipients = calendarEvent?.Attendees?.Where(a => a.EmailAddress?.Address is not null)
            .Select(a => new Recipient { EmailAddress = new EmailAddress { Address = a.EmailAddress!.Address } }).ToList() ?? [];
        if (recipients.Count == 0)
        {
            return;
        }

        await CallAsync<object?>(
            async () =>
            {
                await graph.Users[_mailbox].Events[eventId].Forward.PostAsync(
                    new ForwardPostRequestBody
                    {
                        ToRecipients = recipients,
                        Comment = InvitationText.ReminderComment,
                    },
                    PreferImmutableIds,
                    cancellationToken).ConfigureAwait(false);
                return null;
            },
            "send a reminder").ConfigureAwait(false);
    }

    /// <summary>
    /// Every event call asks for immutable ids: an event keeps its id when cancel moves it to
    /// Deleted Items, so the permanent delete that follows still finds it.
    /// </summary>
    private static void PreferImmutableIds<TQuery>(RequestConfiguration<TQuery> request)
        where TQuery : class, new()
        => request.Headers.Add("Prefer", "IdType=\"ImmutableId\"");

    /// <summary>Runs a call that returns nothing; returns the status of a tolerated failure, null on success.</summary>
    private async Task<int?> CallAsync(Func<Task> call, string operation, IReadOnlySet<int>? tolerated = null)
    {
        try
        {
            await CallAsync<object?>(
                async () =>
                {
                    await call().ConfigureAwait(false);
                    return null;
                },
                operation,
                tolerated ?? NoneTolerated).ConfigureAwait(false);
            return null;
        }
        catch (ToleratedStatusException expected)
        {
            return expected.StatusCode;
        }
    }

    private Task<T?> CallAsync<T>(Func<Task<T?>> call, string operation) => CallAsync(call, operation, NoneTolerated);

    private async Task<T?> CallAsync<T>(Func<Task<T?>> call, string operation, IReadOnlySet<int> tolerated)
    {
        metrics?.GraphCalled(operation);
        using var activity = DependencyActivity.Start(AppActivities.Source, "Graph", _graphHost, operation.StartsWith("read", StringComparison.Ordinal) || operation.StartsWith("find", StringComparison.Ordinal) ? "GET" : "POST", operation);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException error) when (tolerated.Contains(error.ResponseStatusCode))
        {
            // An expected answer (e.g. the event is already gone), not a failure.
            activity?.SetTag("http.response.status_code", error.ResponseStatusCode);
            activity?.SetTag("confidantbot.outcome", "tolerated");
            throw new ToleratedStatusException(error.ResponseStatusCode);
        }
        catch (Exception exception) when (GraphFailed(activity, operation, exception))
        {
            throw;
        }
        catch (ODataError error) when (error.ResponseStatusCode is 401 or 403)
        {
            LogAccessDenied(logger, operation, error.ResponseStatusCode, error.Error?.Code);
            throw new CalendarAccessDeniedException($"Graph refused to {operation} ({error.ResponseStatusCode} {error.Error?.Code}). Check the app's Calendars permissions and the Exchange RBAC management scope for the service mailbox and confidant calendars.", error);
        }
        catch (ApiException error)
        {
            LogUnavailable(logger, operation, error.ResponseStatusCode);
            throw new CalendarUnavailableException($"Graph could not {operation} ({error.ResponseStatusCode}).", error);
        }
        catch (HttpRequestException error)
        {
            LogUnavailable(logger, operation, 0);
            throw new CalendarUnavailableException($"Graph could not be reached to {operation}.", error);
        }
    }

    /// <summary>An exception filter that never catches: counts the failure and marks the span.</summary>
    private bool GraphFailed(System.Diagnostics.Activity? activity, string operation, Exception exception)
    {
        var status = exception is ApiException api ? api.ResponseStatusCode : 0;
        if (exception is ApiException or HttpRequestException)
        {
            metrics?.GraphFailed(operation, status is 401 or 403 ? "denied" : "unavailable");
            if (status > 0)
            {
                activity.Answered(status);
            }
            else
            {
                activity.Failed(exception);
            }
        }

        return false;
    }

    private static DateTimeTimeZone ToGraph(Instant instant)
        => new() { DateTime = GraphDateTime.Format(instant.InUtc().LocalDateTime), TimeZone = "UTC" };

    /// <summary>Graph answers in UTC because we ask for it (Prefer: outlook.timezone) and send UTC.</summary>
    private static Instant FromGraph(DateTimeTimeZone value)
    {
        var local = DateTime.Parse(value.DateTime!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var utc = Instant.FromDateTimeUtc(DateTime.SpecifyKind(local, DateTimeKind.Utc));
        if (value.TimeZone is { Length: > 0 } zoneName && !string.Equals(zoneName, "UTC", StringComparison.OrdinalIgnoreCase)
            && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneName) is { } zone)
        {
            return zone.AtLeniently(LocalDateTime.FromDateTime(local)).ToInstant();
        }

        return utc;
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Configuration error: Graph refused to {Operation} with {StatusCode} {ErrorCode}. The service mailbox or a confidant calendar is outside the app's permissions or RBAC scope.")]
    private static partial void LogAccessDenied(ILogger logger, string operation, int? statusCode, string? errorCode);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Graph would not cancel an event that is being removed ({StatusCode}); it is deleted without a cancellation message.")]
    private static partial void LogCancelRefused(ILogger logger, int statusCode);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Graph could not {Operation} (status {StatusCode}).")]
    private static partial void LogUnavailable(ILogger logger, string operation, int statusCode);

    /// <summary>A failure the caller expects (e.g. 404 for an event already gone); carries only the status.</summary>
    private sealed class ToleratedStatusException(int statusCode) : Exception
    {
        public int StatusCode { get; } = statusCode;
    }
}
