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

    public static void Remove(IServiceCollection services)
    {
        services.RemoveAll<LocalCalendarProvider>();
        services.RemoveAll<ICalendarProvider>();
    }

    /// <summary>A request as the booking service would send it: 1 December 2026, 10:00–11:00 in Amsterdam (09:00 UTC).</summary>
    public static BookingInvitation Invitation(
        string bookingId = "booking-1",
        string pseudonym = "Zilvermeeuw",
        MeetingMode mode = MeetingMode.Online,
        TopicCategory topic = TopicCategory.UndesirableBehaviour,
        string? phoneNumber = null)
        => new(
            bookingId,
            "VP-" + bookingId.ToUpperInvariant(),
            pseudonym,
            "extern@vertrouwenspersonen.example",
            Instant.FromUtc(2026, 12, 1, 9, 0),
            Instant.FromUtc(2026, 12, 1, 10, 0),
            mode,
            topic,
            phoneNumber,
            OfficeAddress: null);

    public static async Task<LocalCalendarEvent> CreateAsync(LocalChannelHost host, BookingInvitation invitation)
    {
        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        await calendar.CreateEventAsync(invitation, CancellationToken.None);
        return (await calendar.FindAsync(invitation.BookingId, CancellationToken.None))!;
    }
}
