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
        Assert.Contains($"{calendarEvent.ReferenceCode} · Anna de Wit (externe vertrouwenspersoon)", list);
        Assert.Contains("Datum en tijd\nwoensdag 24 maart 2027 om 13:00", list);
        Assert.Contains("Status\nWacht op antwoord", list);
        Assert.Contains($"Schuilnaam\n{Canaries.Pseudonym}", list);
        Assert.Contains($"Annuleer {calendarEvent.ReferenceCode}", list);

        var question = await mine.SendValueAsync(new { choice = calendarEvent.ReferenceCode });
        Assert.StartsWith($"Weet je zeker dat je gesprek {calendarEvent.ReferenceCode} op woensdag 24 maart om 13:00 wilt annuleren?", question.Describe());

        var done = await mine.SendValueAsync(new { confirm = true });
        Assert.Equal($"Gesprek {calendarEvent.ReferenceCode} is geannuleerd en je gegevens voor dit gesprek zijn gewist. De vertrouwenspersoon krijgt een annulering zodra de agenda bereikbaar is.", done.Describe());

        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Null(await _host.LocalCalendar.FindAsync(calendarEvent.EventId, CancellationToken.None));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Empty(await _host.ItemsAsync("slot-c1"));
        Assert.Equal(BookingStatus.Cancelled, (await _host.Bookings.ReadAsync(bookingId, CancellationToken.None))!.Value.Booking.Status);
        Assert.Equal("Je hebt geen afspraken. Maak er een met 'afspraak'.", (await mine.SendActivityAsync("mijn afspraken")).Describe());
    }

    [Fact]
    public async Task Each_booking_shows_confidant_kind_date_with_year_way_link_status_and_a_pending_proposal_first_without_the_old_link_with_its_buttons()
    {
        var online = await BookOnlineAsync();
        var byPhone = await _host.Bookings.BookAsync(
            new BookingRequest("c2", NodaTime.Instant.FromUtc(2027, 3, 29, 8, 0), MeetingMode.PhoneConfidantCalls, Canaries.Pseudonym, "06 12345678", ConfidantBot.Roster.Audience.Employees),
            BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        await _host.LocalCalendar.AnswerAsync(online.BookingId, AttendeeAnswer.NewTimeProposed, NodaTime.Instant.FromUtc(2027, 3, 25, 9, 0), NodaTime.Instant.FromUtc(2027, 3, 25, 9, 45), CancellationToken.None);
        await _host.LocalCalendar.AnswerAsync(byPhone.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        var relay = _host.NewAnswerRelay();
        Assert.Equal(2, await relay.CheckOnceAsync(CancellationToken.None));

        var replies = await _host.Client(_host.NewMyBookingsDialog()).SendActivityAsync("mijn afspraken");
        var list = BookingTestHost.Visible(replies);

        Assert.Contains($"""
            {online.ReferenceCode} · Anna de Wit (externe vertrouwenspersoon)
            Voorgestelde tijd
            donderdag 25 maart 2027 om 10:00
            In plaats van
            woensdag 24 maart 2027 om 13:00
            Manier
            Online (Teams, als gast zonder in te loggen)
            Status
            Andere tijd voorgesteld
            Schuilnaam
            {Canaries.Pseudonym}
            Ja, die tijd
            Nee, andere tijd kiezen
            Annuleren
            """.ReplaceLineEndings("\n"), list);
        Assert.Contains($"""
            {byPhone.ReferenceCode} · Bram Okafor (externe vertrouwenspersoon)
            Datum en tijd
            maandag 29 maart 2027 om 10:00
            Manier
            Telefonisch: de vertrouwenspersoon belt mij
            Status
            Geaccepteerd
            Schuilnaam
            {Canaries.Pseudonym}
            Annuleer {byPhone.ReferenceCode}
            """.ReplaceLineEndings("\n"), list);

        // Card-level "Klaar" stands apart under its own heading, after the last booking.
        Assert.EndsWith("Klaar met je afspraken?\nKlaar", BookingTestHost.Visible(replies[0]));
        var state = System.Text.Encoding.UTF8.GetString((await _host.ItemsAsync("conversation")).Single().Data.Span);
        Assert.DoesNotContain(online.BookingId, state, StringComparison.Ordinal);
        Assert.DoesNotContain(byPhone.BookingId, state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_talk_shows_no_meeting_link_and_offers_all_three_choices_of_the_decline()
    {
        var online = await BookOnlineAsync();
        await _host.LocalCalendar.AnswerAsync(online.BookingId, AttendeeAnswer.Declined, null, null, CancellationToken.None);
        var relay = _host.NewAnswerRelay();
        Assert.Equal(1, await relay.CheckOnceAsync(CancellationToken.None));

        var list = BookingTestHost.Visible(await _host.Client(_host.NewMyBookingsDialog()).SendActivityAsync("mijn afspraken"));

        Assert.Contains($"""
            {online.ReferenceCode} · Anna de Wit (externe vertrouwenspersoon)
            Datum en tijd
            woensdag 24 maart 2027 om 13:00
            Manier
            Online (Teams, als gast zonder in te loggen)
            Status
            Afgewezen
            Schuilnaam
            {Canaries.Pseudonym}
            Andere tijd kiezen
            Andere vertrouwenspersoon
            Stoppen
            """.ReplaceLineEndings("\n"), list);
        Assert.DoesNotContain("Vergaderlink", list, StringComparison.Ordinal);
        Assert.DoesNotContain("/local/meeting/", list, StringComparison.Ordinal);
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
        await mine.SendValueAsync(new { choice = (await _host.Bookings.ReadAsync(bookingId, CancellationToken.None))!.Value.Booking.ReferenceCode });
        var kept = await mine.SendValueAsync(new { confirm = false });

        Assert.Equal("Goed, de afspraak blijft staan.", kept.Describe());
        Assert.Equal(BookingStatus.Requested, (await _host.Bookings.ReadAsync(bookingId, CancellationToken.None))!.Value.Booking.Status);
        Assert.False((await _host.LocalCalendar.FindAsync(bookingId, CancellationToken.None))!.Cancelled);
    }

    /// <summary>An online talk with Anna de Wit (c1) on Wednesday 24 March 2027 at 13:00 in Amsterdam.</summary>
    private Task<BookingConfirmation> BookOnlineAsync() => _host.Bookings.BookAsync(
        new BookingRequest("c1", NodaTime.Instant.FromUtc(2027, 3, 24, 12, 0), MeetingMode.Online, Canaries.Pseudonym, null, ConfidantBot.Roster.Audience.Employees),
        BookingTestHost.Person(), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
}
