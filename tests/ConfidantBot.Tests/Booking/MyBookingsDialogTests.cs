using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Tests.Privacy;

namespace ConfidantBot.Tests.Booking;

public sealed class MyBookingsDialogTests : IDisposable
{
    private readonly BookingTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_person_sees_their_booking_and_cancels_it_which_cancels_the_event_and_deletes_the_routing()
    {
        var booking = _host.Client(_host.NewBookingDialog());
        await BookingDialogTests.WalkToConfirmAsync(booking, "c1", Canaries.Pseudonym);
        await booking.SendValueAsync(new { confirm = true });
        var record = Assert.Single(await _host.ItemsAsync(BookingRecord.Partition));
        var bookingId = record.Key.Id;
        var calendarEvent = Assert.Single(await BookingDialogTests.ToListAsync(_host.LocalCalendar.ListAsync(CancellationToken.None)));

        var mine = _host.Client(_host.NewMyBookingsDialog());
        var list = BookingTestHost.Visible(await mine.SendActivityAsync("mijn afspraken"));
        Assert.Contains($"{calendarEvent.ReferenceCode} · woensdag 24 maart om 13:00", list);
        Assert.Contains($"Status: Wacht op antwoord · Schuilnaam: {Canaries.Pseudonym}", list);
        Assert.Contains($"Annuleer {calendarEvent.ReferenceCode}", list);

        var question = await mine.SendValueAsync(new { choice = bookingId });
        Assert.StartsWith($"Weet je zeker dat je gesprek {calendarEvent.ReferenceCode} op woensdag 24 maart om 13:00 wilt annuleren?", question.Describe());

        var done = await mine.SendValueAsync(new { confirm = true });
        Assert.Equal($"Gesprek {calendarEvent.ReferenceCode} is geannuleerd. De vertrouwenspersoon is ingelicht en je gegevens voor dit gesprek zijn gewist.", done.Describe());

        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Null(await _host.LocalCalendar.FindAsync(calendarEvent.EventId, CancellationToken.None));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Empty(await _host.ItemsAsync("slot-c1"));
        Assert.Equal(BookingStatus.Cancelled, (await _host.Bookings.ReadAsync(bookingId, CancellationToken.None))!.Value.Booking.Status);
        Assert.Equal("Je hebt geen afspraken. Maak er een met 'afspraak'.", (await mine.SendActivityAsync("mijn afspraken")).Describe());
    }

    [Fact]
    public async Task Someone_else_cannot_see_or_cancel_the_booking()
    {
        var booking = _host.Client(_host.NewBookingDialog());
        await BookingDialogTests.WalkToConfirmAsync(booking, "c1", Canaries.Pseudonym);
        await booking.SendValueAsync(new { confirm = true });
        var bookingId = Assert.Single(await _host.ItemsAsync(BookingRecord.Partition)).Key.Id;

        var other = _host.Client(_host.NewMyBookingsDialog(), BookingTestHost.Person("a:conv-other", "29:other", "33333333-3333-4333-8333-333333333333"));
        Assert.Equal("Je hebt geen afspraken. Maak er een met 'afspraak'.", (await other.SendActivityAsync("mijn afspraken")).Describe());
        Assert.False(await _host.Bookings.CancelAsync(bookingId, Canaries.TenantId, "33333333-3333-4333-8333-333333333333", CancellationToken.None));
        Assert.False((await _host.LocalCalendar.FindAsync(bookingId, CancellationToken.None))!.Cancelled);
    }

    [Fact]
    public async Task Saying_no_keeps_the_booking()
    {
        var booking = _host.Client(_host.NewBookingDialog());
        await BookingDialogTests.WalkToConfirmAsync(booking, "c1", "Merel");
        await booking.SendValueAsync(new { confirm = true });
        var bookingId = Assert.Single(await _host.ItemsAsync(BookingRecord.Partition)).Key.Id;

        var mine = _host.Client(_host.NewMyBookingsDialog());
        await mine.SendActivityAsync("mijn afspraken");
        await mine.SendValueAsync(new { choice = bookingId });
        var kept = await mine.SendValueAsync(new { confirm = false });

        Assert.Equal("Goed, de afspraak blijft staan.", kept.Describe());
        Assert.Equal(BookingStatus.Requested, (await _host.Bookings.ReadAsync(bookingId, CancellationToken.None))!.Value.Booking.Status);
        Assert.False((await _host.LocalCalendar.FindAsync(bookingId, CancellationToken.None))!.Cancelled);
    }
}
