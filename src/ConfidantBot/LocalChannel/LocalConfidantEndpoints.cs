using System.Globalization;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// The local confidant page's endpoints: the requests in the local calendar (which stands in for
/// the confidants' own mailboxes), and the confidant's answer to one of them. The bot itself learns
/// the answer only the way it would in production: its relay polls the calendar.
/// <list type="bullet">
/// <item><c>GET /local/confidant/requests</c>: every event, as the confidant would read it.</item>
/// <item><c>POST /local/confidant/requests/{eventId}/answer</c> <c>{answer, proposedStart?}</c>: accept,
/// decline, or propose a new start (a local time in the calendar's zone, the same length as before).</item>
/// </list>
/// </summary>
internal static class LocalConfidantEndpoints
{
    public const string BasePath = "/local/confidant/requests";

    private static readonly LocalDateTimePattern ProposedStartPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly LocalDateTimePattern DutchTime = LocalDateTimePattern.Create("dddd d MMMM yyyy 'om' HH:mm", CultureInfo.GetCultureInfo("nl-NL"));
    private static readonly LocalDateTimePattern EnglishTime = LocalDateTimePattern.Create("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(BasePath, ListAsync);
        routes.MapPost(BasePath + "/{eventId}/answer", AnswerAsync);
    }

    private static async Task<IResult> ListAsync(IServiceProvider services, IConfiguration configuration, IOptions<AvailabilityOptions> availability, CancellationToken cancellationToken)
    {
        var pollSeconds = (int)PollInterval(configuration).TotalSeconds;
        var calendar = services.GetService<LocalCalendarProvider>();
        var zone = Zone(availability.Value);
        if (calendar is null)
        {
            return Results.Json(new RequestList(CalendarConfigured: false, pollSeconds, zone.Id, []));
        }

        var requests = new List<ConfidantRequest>();
        await foreach (var calendarEvent in calendar.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            requests.Add(ToRequest(calendarEvent, zone));
        }

        requests.Sort((left, right) => string.CompareOrdinal(left.StartUtc, right.StartUtc));
        return Results.Json(new RequestList(CalendarConfigured: true, pollSeconds, zone.Id, requests));
    }

    private static async Task<IResult> AnswerAsync(
        HttpContext context,
        string eventId,
        IServiceProvider services,
        IOptions<AvailabilityOptions> availability,
        IOptions<LocalChannelOptions> options,
        CancellationToken cancellationToken)
    {
        if (services.GetService<LocalCalendarProvider>() is not { } calendar)
        {
            return ChannelProblems.ForPage(StatusCodes.Status404NotFound, ChannelProblems.NoCalendar, "No local calendar is configured (the booking feature is not registered, or Microsoft Graph is).");
        }

        var body = await BoundedJsonBody.ReadAsync<AnswerRequest>(context.Request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!body.Succeeded)
        {
            return ChannelProblems.ForPage(body.StatusCode, body.Problem!);
        }

        var answer = body.Value!.Answer switch
        {
            "accepted" => AttendeeAnswer.Accepted,
            "declined" => AttendeeAnswer.Declined,
            "newTimeProposed" => AttendeeAnswer.NewTimeProposed,
            _ => (AttendeeAnswer?)null,
        };
        if (answer is null)
        {
            return ChannelProblems.ForPage(StatusCodes.Status400BadRequest, "'answer' must be one of: accepted, declined, newTimeProposed.");
        }

        var calendarEvent = await calendar.FindAsync(eventId, cancellationToken).ConfigureAwait(false);
        if (calendarEvent is null)
        {
            return ChannelProblems.ForPage(StatusCodes.Status404NotFound, ChannelProblems.UnknownRequest, "There is no request with this id in the local calendar.");
        }

        if (calendarEvent.Cancelled)
        {
            return ChannelProblems.ForPage(StatusCodes.Status409Conflict, ChannelProblems.RequestCancelled, "This request was cancelled; it can no longer be answered.");
        }

        Instant? proposedStart = null;
        Instant? proposedEnd = null;
        if (answer == AttendeeAnswer.NewTimeProposed)
        {
            var parsed = ProposedStartPattern.Parse(body.Value.ProposedStart ?? "");
            if (!parsed.Success)
            {
                return ChannelProblems.ForPage(StatusCodes.Status400BadRequest, ChannelProblems.BadProposedTime, "'proposedStart' must be a local time like 2026-12-01T14:30.");
            }

            proposedStart = parsed.Value.InZoneLeniently(Zone(availability.Value)).ToInstant();
            proposedEnd = proposedStart + (calendarEvent.End - calendarEvent.Start);

            // The person can take a proposal in one tap, so it must be a time that can still be booked.
            var now = Instant.FromDateTimeOffset((services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow());
            if (proposedStart <= now)
            {
                return ChannelProblems.ForPage(StatusCodes.Status400BadRequest, ChannelProblems.ProposedTimePast, "'proposedStart' lies in the past.");
            }

            if (proposedStart < now + Duration.FromTimeSpan(availability.Value.LeadTime))
            {
                return ChannelProblems.ForPage(StatusCodes.Status400BadRequest, ChannelProblems.ProposedTimeTooSoon, $"'proposedStart' is sooner than the booking lead time (Availability:LeadTime {availability.Value.LeadTime}).");
            }
        }

        if (!await calendar.AnswerAsync(eventId, answer.Value, proposedStart, proposedEnd, cancellationToken).ConfigureAwait(false))
        {
            return ChannelProblems.ForPage(StatusCodes.Status404NotFound, ChannelProblems.UnknownRequest, "There is no request with this id in the local calendar.");
        }

        var updated = await calendar.FindAsync(eventId, cancellationToken).ConfigureAwait(false);
        return updated is null
            ? ChannelProblems.ForPage(StatusCodes.Status404NotFound, ChannelProblems.UnknownRequest, "There is no request with this id in the local calendar.")
            : Results.Json(ToRequest(updated, Zone(availability.Value)));
    }

    /// <summary><c>Booking:AnswerPollInterval</c> as the relay reads it (its default when unset).</summary>
    private static TimeSpan PollInterval(IConfiguration configuration)
        => (configuration.GetSection(BookingOptions.SectionName).Get<BookingOptions>() ?? new BookingOptions()).AnswerPollInterval;

    private static DateTimeZone Zone(AvailabilityOptions availability)
        => DateTimeZoneProviders.Tzdb.GetZoneOrNull(availability.TimeZone ?? "") ?? DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private static ConfidantRequest ToRequest(LocalCalendarEvent calendarEvent, DateTimeZone zone)
    {
        var minutes = (int)(calendarEvent.End - calendarEvent.Start).TotalMinutes;
        return new ConfidantRequest(
            calendarEvent.EventId,
            calendarEvent.ConfidantEmail,
            calendarEvent.Subject,
            calendarEvent.ReferenceCode,
            calendarEvent.Pseudonym,
            InstantPattern.ExtendedIso.Format(calendarEvent.Start),
            minutes,
            Describe(calendarEvent.Start, zone),
            ProposedStartPattern.Format(calendarEvent.Start.InZone(zone).LocalDateTime),
            ModeName(calendarEvent.Mode),
            calendarEvent.PhoneNumberToCall,
            AnswerName(calendarEvent.Answer),
            calendarEvent.ProposedStart is { } proposed ? Describe(proposed, zone) : null,
            calendarEvent.Cancelled,
            calendarEvent.RemindersSent);
    }

    private static LocalizedText Describe(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return new LocalizedText(DutchTime.Format(local), EnglishTime.Format(local));
    }

    private static string ModeName(MeetingMode mode) => mode switch
    {
        MeetingMode.Online => "online",
        MeetingMode.PhoneConfidantCalls => "phoneConfidantCalls",
        MeetingMode.PhonePersonCalls => "phonePersonCalls",
        MeetingMode.InPerson => "inPerson",
        _ => "unknown",
    };

    private static string AnswerName(AttendeeAnswer answer) => answer switch
    {
        AttendeeAnswer.Accepted => "accepted",
        AttendeeAnswer.Declined => "declined",
        AttendeeAnswer.Tentative => "tentative",
        AttendeeAnswer.NewTimeProposed => "newTimeProposed",
        _ => "none",
    };

    internal sealed record AnswerRequest(string? Answer, string? ProposedStart);

    internal sealed record RequestList(bool CalendarConfigured, int PollIntervalSeconds, string TimeZone, IReadOnlyList<ConfidantRequest> Requests);

    /// <summary>One request as the confidant's mailbox shows it: no name, no Teams identity, only what the invitation says.</summary>
    internal sealed record ConfidantRequest(
        string EventId,
        string ConfidantEmail,
        string Subject,
        string ReferenceCode,
        string Pseudonym,
        string StartUtc,
        int DurationMinutes,
        LocalizedText Time,
        string LocalStart,
        string Mode,
        string? PhoneNumberToCall,
        string Answer,
        LocalizedText? ProposedTime,
        bool Cancelled,
        int RemindersSent);

    internal sealed record LocalizedText(string Nl, string En);
}
