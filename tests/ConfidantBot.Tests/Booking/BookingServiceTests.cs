using ConfidantBot.Booking;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Privacy;
using NodaTime;

namespace ConfidantBot.Tests.Booking;

public sealed class BookingServiceTests : IDisposable
{
    private readonly BookingTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<BookingConfirmation> BookAsync(string start = "2027-03-24T12:00:00Z")
        => _host.Bookings.BookAsync(
            new BookingRequest("c1", NodaTime.Text.InstantPattern.General.Parse(start).Value, MeetingMode.PhoneConfidantCalls, Canaries.Pseudonym, Canaries.PhoneNumber, Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);

    [Fact]
    public async Task Booking_record_routing_and_slot_claim_expire_with_the_appointment_plus_retention()
    {
        var booking = await BookAsync();

        var end = new DateTimeOffset(2027, 3, 24, 12, 45, 0, TimeSpan.Zero);
        Assert.Equal(end.AddDays(14), Assert.Single(await _host.ItemsAsync(BookingRecord.Partition)).ExpiresAt);
        Assert.Equal(end.AddDays(14), Assert.Single(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking)).ExpiresAt);
        Assert.Equal(end, Assert.Single(await _host.ItemsAsync("slot-c1")).ExpiresAt);
        var found = Assert.Single(await _host.Bookings.MyBookingsAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));
        Assert.Equal(booking.ReferenceCode, found.Booking.ReferenceCode);
        Assert.Equal(Canaries.Pseudonym, found.Pseudonym);
    }

    [Fact]
    public async Task A_booked_slot_is_no_longer_offered_and_a_cancelled_one_is_offered_again()
    {
        var confidants = await _host.Roster.ListForAudienceAsync(Audience.Employees, CancellationToken.None);
        var anna = confidants.Where(c => c.Id == "c1").ToList();
        var booking = await BookAsync();

        Assert.DoesNotContain(await _host.Bookings.FindSlotsAsync(anna, CancellationToken.None), slot => slot.Start == booking.Start);

        await _host.Bookings.CancelAsync(booking.BookingId, Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.Contains(await _host.Bookings.FindSlotsAsync(anna, CancellationToken.None), slot => slot.Start == booking.Start);
    }

    [Fact]
    public async Task Forget_me_deletes_routing_and_unfinished_drafts_at_once_and_then_removes_the_local_calendar_event()
    {
        var booking = await BookAsync();
        await _host.Drafts.SaveAsync(null, BookingTestHost.Person(), new PersonIdentity(Canaries.TenantId, Canaries.EntraObjectId), "Merel", MeetingMode.Online, null, CancellationToken.None);
        var someoneElse = await _host.Bookings.BookAsync(
            new BookingRequest("c1", Instant.FromUtc(2027, 3, 24, 13, 0), MeetingMode.Online, "Sam", null, Audience.Employees),
            BookingTestHost.Person("a:conv-2", "29:user-2", "22222222-2222-4222-8222-222222222222"), Canaries.TenantId, "22222222-2222-4222-8222-222222222222", CancellationToken.None);

        var (cancelled, removed, calendarRemovals) = await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);

        Assert.Equal((1, 2, 1), (cancelled, removed, calendarRemovals));
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Null(await _host.LocalCalendar.FindAsync(booking.BookingId, CancellationToken.None));
        Assert.False((await _host.LocalCalendar.FindAsync(someoneElse.BookingId, CancellationToken.None))!.Cancelled);
        Assert.DoesNotContain(Canaries.PhoneNumber, _host.LocalCalendarBytes());
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose));
        Assert.Equal(someoneElse.BookingId, Assert.Single(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking)).Key.Id);
        Assert.Empty(await _host.Bookings.MyBookingsAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));
    }
}
