using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// The local calendar for host tests: the app's own registration when the booking feature provides
/// one, otherwise the real <see cref="LocalCalendarProvider"/> on SQLite in the host's data folder.
/// </summary>
public static class LocalCalendarForTests
{
    public static void AddIfMissing(IServiceCollection services)
    {
        // In the host's own data folder, so it goes when the host does.
        services.TryAddSingleton(sp => new LocalCalendarStore(new SqliteStorage(
            new SqliteStorageOptions { DatabasePath = Path.Combine(sp.GetRequiredService<IConfiguration>()["Bot:DataDirectory"]!, "local-calendar.db") },
            TimeProvider.System)));
        services.TryAddSingleton<LocalCalendarProvider>();
    }

    /// <summary>
    /// As when Microsoft Graph is configured: no local calendar. Booking still needs a calendar, so
    /// one that stands in for Graph (and is never reached here) takes the local one's place.
    /// </summary>
    public static void Remove(IServiceCollection services)
    {
        services.RemoveAll<LocalCalendarProvider>();
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ICalendarProvider)))
        {
            services.RemoveAll<ICalendarProvider>();
            services.AddSingleton<ICalendarProvider, UnreachableRemoteCalendar>();
        }
    }

    /// <summary>A request as the booking service would send it: 1 December 2026, 10:00–11:00 in Amsterdam (09:00 UTC).</summary>
    public static BookingInvitation Invitation(
        string bookingId = "booking-1",
        string pseudonym = "Zilvermeeuw",
        MeetingMode mode = MeetingMode.Online,
        string? phoneNumber = null)
        => new(
            bookingId,
            "VP-" + bookingId.ToUpperInvariant(),
            pseudonym,
            "extern@vertrouwenspersonen.example",
            Instant.FromUtc(2026, 12, 1, 9, 0),
            Instant.FromUtc(2026, 12, 1, 10, 0),
            mode,
            phoneNumber,
            OfficeAddress: null);

    public static async Task<LocalCalendarEvent> CreateAsync(LocalChannelHost host, BookingInvitation invitation)
    {
        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        await calendar.CreateEventAsync(invitation, CancellationToken.None);
        return (await calendar.FindAsync(invitation.BookingId, CancellationToken.None))!;
    }

    /// <summary>A remote calendar (Graph) that cannot be reached: any use says so, as Graph being down would.</summary>
    private sealed class UnreachableRemoteCalendar : ICalendarProvider
    {
        public Task<IReadOnlyDictionary<string, IReadOnlyList<global::ConfidantBot.Booking.Availability.TimeRange>>> GetBusyAsync(IReadOnlyCollection<string> calendarUserIds, Instant from, Instant to, CancellationToken cancellationToken)
            => throw Unreachable();

        public Task<CalendarEventRef> CreateEventAsync(BookingInvitation invitation, CancellationToken cancellationToken) => throw Unreachable();

        public Task<AttendeeResponse> GetResponseAsync(string eventId, CancellationToken cancellationToken) => throw Unreachable();

        public Task CancelEventAsync(string eventId, CancellationToken cancellationToken) => throw Unreachable();

        public Task<EventCancelOutcome> TryCancelEventAsync(string eventId, CancellationToken cancellationToken) => throw Unreachable();

        public Task<bool> DeleteEventPermanentlyAsync(string eventId, CancellationToken cancellationToken) => throw Unreachable();

        public Task SendReminderAsync(string eventId, CancellationToken cancellationToken) => throw Unreachable();

        public Task<MeetingMessagesKey?> FindMeetingMessagesKeyAsync(string eventId, CancellationToken cancellationToken) => throw Unreachable();

        public Task<int> DeleteMeetingMessagesAsync(MeetingMessagesKey key, CancellationToken cancellationToken) => throw Unreachable();

        private static CalendarUnavailableException Unreachable() => new("The remote calendar is not reachable in this test.");
    }
}
