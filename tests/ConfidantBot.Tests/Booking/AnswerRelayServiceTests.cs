using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.Operations;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Tests.Booking;

/// <summary>Answers and reminders reach the person as proactive messages through the real CloudAdapter to a fake connector on 127.0.0.1.</summary>
public sealed class AnswerRelayServiceTests : IAsyncLifetime, IDisposable
{
    private readonly BookingTestHost _host = new();
    private readonly ServiceProvider _protocol = new ServiceCollection()
        .AddBotConnector(options => options.LocalMode = true).Services
        .BuildServiceProvider();
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _protocol.Dispose();
        _host.Dispose();
    }

    private AnswerRelayService NewRelay(ConfidantBotMetrics? metrics = null) => new(
        _host.Bookings,
        _host.Calendar,
        _host.Routing,
        new CloudAdapter(_protocol.GetRequiredService<IConnectorClient>(), _protocol.GetRequiredService<IServiceUrlTrust>(), Options.Create(new BotHostOptions()), NullLogger<CloudAdapter>.Instance),
        _host.Messages,
        Options.Create(_host.Booking),
        _host.Clock,
        _host.Counters,
        NullLogger<AnswerRelayService>.Instance,
        metrics);

    private Task<BookingConfirmation> BookAsync()
        => _host.Bookings.BookAsync(
            new BookingRequest("c1", Instant.FromUtc(2027, 3, 24, 12, 0), MeetingMode.Online, Canaries.Pseudonym, null, Audience.Employees),
            BookingTestHost.Person(serviceUrl: _connector.ServiceUrl),
            Canaries.TenantId,
            Canaries.EntraObjectId,
            CancellationToken.None);

    public static TheoryData<AttendeeAnswer, string> Answers => new()
    {
        { AttendeeAnswer.Accepted, "Goed nieuws: de vertrouwenspersoon heeft je gesprek {0} geaccepteerd. Het gesprek is op woensdag 24 maart 2027 om 13:00." },
        { AttendeeAnswer.Declined, "De vertrouwenspersoon kan niet op woensdag 24 maart 2027 om 13:00 (gesprek {0}). Wat wil je doen?\nAndere tijd kiezen\nAndere vertrouwenspersoon\nStoppen" },
        { AttendeeAnswer.Tentative, "De vertrouwenspersoon heeft je gesprek {0} op woensdag 24 maart 2027 om 13:00 onder voorbehoud geaccepteerd." },
        { AttendeeAnswer.NewTimeProposed, "De vertrouwenspersoon stelt voor gesprek {0} een andere tijd voor: donderdag 25 maart 2027 om 10:00 (in plaats van woensdag 24 maart 2027 om 13:00). Past die tijd?\nJa, die tijd\nNee, andere tijd kiezen\nAnnuleren" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Each_answer_reaches_the_person_exactly_once_even_with_two_relays_running_at_once(AttendeeAnswer answer, string expected)
    {
        var booking = await BookAsync();
        var proposed = answer == AttendeeAnswer.NewTimeProposed ? Instant.FromUtc(2027, 3, 25, 9, 0) : (Instant?)null;
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, answer, proposed, proposed + Duration.FromMinutes(45), CancellationToken.None);

        var relayed = await Task.WhenAll(NewRelay().CheckOnceAsync(CancellationToken.None), NewRelay().CheckOnceAsync(CancellationToken.None));

        Assert.Equal(1, relayed.Sum());
        var message = await _connector.NextAsync(Canaries.ConversationId);
        Assert.Equal("POST", message.Method);
        Assert.EndsWith($"/v3/conversations/{Canaries.ConversationId}/activities", message.Path);
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, booking.ReferenceCode), message.VisibleText);
        Assert.Equal(0, await NewRelay().CheckOnceAsync(CancellationToken.None));
        await Task.Delay(200);
        Assert.Empty(_connector.Drain(Canaries.ConversationId));
    }

    [Fact]
    public async Task Buttons_of_a_relayed_decline_or_proposal_carry_the_reference_code_and_never_the_booking_id()
    {
        var booking = await BookAsync();
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.NewTimeProposed, Instant.FromUtc(2027, 3, 25, 9, 0), Instant.FromUtc(2027, 3, 25, 9, 45), CancellationToken.None);
        Assert.Equal(1, await NewRelay().CheckOnceAsync(CancellationToken.None));

        var card = (await _connector.NextAsync(Canaries.ConversationId)).Card!.Value.GetRawText();
        Assert.Contains(booking.ReferenceCode, card, StringComparison.Ordinal);
        Assert.DoesNotContain(booking.BookingId, card, StringComparison.Ordinal);
        Assert.Contains("\"command\":\"bookingAnswer\"", card.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>One pass on two relays at once, then a third: returns the messages the person got, in order.</summary>
    private async Task<IReadOnlyList<string>> RelayTwiceAsync()
    {
        var relayed = await Task.WhenAll(NewRelay().CheckOnceAsync(CancellationToken.None), NewRelay().CheckOnceAsync(CancellationToken.None));
        Assert.Equal(0, await NewRelay().CheckOnceAsync(CancellationToken.None));
        var messages = new List<string>();
        for (var i = 0; i < relayed.Sum(); i++)
        {
            messages.Add((await _connector.NextAsync(Canaries.ConversationId)).VisibleText);
        }

        await Task.Delay(100);
        messages.AddRange(_connector.Drain(Canaries.ConversationId).Select(sent => sent.VisibleText));
        return messages;
    }

    private async Task<BookingStatus> StatusAsync(string bookingId) => (await _host.Bookings.ReadAsync(bookingId, CancellationToken.None))!.Value.Booking.Status;

    [Fact]
    public async Task Every_change_of_mind_reaches_the_person_once_in_order_and_my_bookings_follows_it()
    {
        var booking = await BookAsync();
        var calendar = _host.LocalCalendar;

        // Accepted…
        await calendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        var first = await RelayTwiceAsync();
        Assert.Equal(BookingStatus.Accepted, await StatusAsync(booking.BookingId));

        // …then declined an hour later (the talk is still ahead: an accepted booking is still watched)…
        _host.Clock.Advance(TimeSpan.FromHours(1));
        await calendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Declined, null, null, CancellationToken.None);
        var second = await RelayTwiceAsync();
        Assert.Equal(BookingStatus.Declined, await StatusAsync(booking.BookingId));

        // …then accepted after all, within the decline grace period…
        _host.Clock.Advance(_host.Booking.DeclineGracePeriod - TimeSpan.FromMinutes(1));
        await calendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        var third = await RelayTwiceAsync();
        Assert.Equal(BookingStatus.Accepted, await StatusAsync(booking.BookingId));

        // …then a new time.
        await calendar.AnswerAsync(booking.BookingId, AttendeeAnswer.NewTimeProposed, Instant.FromUtc(2027, 3, 26, 9, 0), Instant.FromUtc(2027, 3, 26, 9, 45), CancellationToken.None);
        var fourth = await RelayTwiceAsync();
        Assert.Equal(BookingStatus.NewTimeProposed, await StatusAsync(booking.BookingId));

        var told = first.Concat(second).Concat(third).Concat(fourth).ToList();
        Assert.Collection(told,
            text => Assert.StartsWith($"Goed nieuws: de vertrouwenspersoon heeft je gesprek {booking.ReferenceCode} geaccepteerd", text),
            text => Assert.StartsWith($"Let op: de vertrouwenspersoon kan toch niet op woensdag 24 maart 2027 om 13:00 (gesprek {booking.ReferenceCode})", text),
            text => Assert.StartsWith($"De vertrouwenspersoon kan toch: je gesprek {booking.ReferenceCode} op woensdag 24 maart 2027 om 13:00 is alsnog geaccepteerd", text),
            text => Assert.StartsWith($"De vertrouwenspersoon stelt voor gesprek {booking.ReferenceCode} een andere tijd voor: vrijdag 26 maart 2027 om 10:00", text));
        Assert.Equal(4, (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking.AnswerVersion);
        Assert.False((await calendar.FindAsync(booking.BookingId, CancellationToken.None))!.Cancelled);
    }

    [Fact]
    public async Task After_the_decline_grace_period_the_event_is_removed_and_a_late_accept_is_not_relayed()
    {
        var booking = await BookAsync();
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Declined, null, null, CancellationToken.None);
        Assert.Single(await RelayTwiceAsync());
        Assert.False((await _host.LocalCalendar.FindAsync(booking.BookingId, CancellationToken.None))!.Cancelled);

        _host.Clock.Advance(_host.Booking.DeclineGracePeriod);
        Assert.Empty(await RelayTwiceAsync());
        Assert.Equal(1, await _host.RemovalService.RunOnceAsync(CancellationToken.None));
        Assert.Null(await _host.LocalCalendar.FindAsync(booking.BookingId, CancellationToken.None));
        var stored = (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking;
        Assert.Equal(BookingStatus.Declined, stored.Status);
        Assert.True(stored.EventRemoved);

        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        Assert.Empty(await RelayTwiceAsync());
    }

    [Fact]
    public async Task An_accepted_booking_is_watched_until_the_talk_starts_and_no_longer()
    {
        var booking = await BookAsync();
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        Assert.Single(await RelayTwiceAsync());

        // Two days later, an hour before the talk, the confidant declines: still relayed.
        _host.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 24, 11, 0, 0, TimeSpan.Zero));
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Declined, null, null, CancellationToken.None);
        Assert.Single(await RelayTwiceAsync());
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        Assert.Single(await RelayTwiceAsync());

        // Once the talk has started, a change in the calendar is no news to pass on.
        _host.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 24, 12, 0, 0, TimeSpan.Zero));
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Declined, null, null, CancellationToken.None);
        Assert.Empty(await RelayTwiceAsync());
    }

    [Fact]
    public async Task A_relay_whose_message_fails_gives_the_answer_version_back_and_the_next_pass_tells_the_person()
    {
        var booking = await BookAsync();
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Declined, null, null, CancellationToken.None);
        _connector.Refuses = true;
        Assert.Equal(0, await NewRelay().CheckOnceAsync(CancellationToken.None));
        Assert.Equal(0, (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking.AnswerVersion);
        _connector.Refuses = false;
        Assert.Single(await RelayTwiceAsync());
    }

    [Fact]
    public async Task Without_an_answer_after_ReminderAfter_both_the_confidant_and_the_person_are_reminded_once()
    {
        var booking = await BookAsync();
        var relay = NewRelay();
        Assert.Equal(0, await relay.CheckOnceAsync(CancellationToken.None));

        _host.Clock.Advance(_host.Booking.ReminderAfter);
        Assert.Equal(1, await relay.CheckOnceAsync(CancellationToken.None));
        Assert.Equal(0, await relay.CheckOnceAsync(CancellationToken.None));

        var calendarEvent = await _host.LocalCalendar.FindAsync(booking.BookingId, CancellationToken.None);
        Assert.Equal(1, calendarEvent!.RemindersSent);
        var message = await _connector.NextAsync(Canaries.ConversationId);
        Assert.Equal($"De vertrouwenspersoon heeft nog niet gereageerd op je verzoek {booking.ReferenceCode} voor woensdag 24 maart om 13:00. We hebben een herinnering gestuurd.", message.Activity.Text);
    }

    [Fact]
    public async Task After_forget_me_an_answer_is_recorded_but_nobody_is_messaged()
    {
        var booking = await BookAsync();
        await _host.Routing.DeleteAsync(booking.BookingId, RoutingPurposes.Booking);
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);

        Assert.Equal(0, await NewRelay().CheckOnceAsync(CancellationToken.None));
        await Task.Delay(200);
        Assert.Empty(_connector.All);
    }

    /// <summary>
    /// What the "answer relay stuck" alert reads (infra/modules/alerts.bicep): the lag grows while no pass
    /// finishes and is back to zero after one; the backlog is the number of bookings that pass watched.
    /// </summary>
    [Fact]
    public async Task Each_pass_resets_the_relay_lag_and_reports_the_watched_bookings_as_the_backlog()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = meters.GetRequiredService<IMeterFactory>();
        using var lag = new MetricCollector<double>(meterFactory, ConfidantBotMetrics.MeterName, "confidantbot.relay.lag", _host.Clock);
        using var backlog = new MetricCollector<long>(meterFactory, ConfidantBotMetrics.MeterName, "confidantbot.relay.backlog", _host.Clock);
        var relay = NewRelay(new ConfidantBotMetrics(meterFactory, _host.Clock));
        var first = await BookAsync();
        await _host.Bookings.BookAsync(
            new BookingRequest("c1", Instant.FromUtc(2027, 3, 25, 12, 0), MeetingMode.Online, Canaries.Pseudonym, null, Audience.Employees),
            BookingTestHost.Person(serviceUrl: _connector.ServiceUrl), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);

        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(600, Observe(lag));

        await relay.CheckOnceAsync(CancellationToken.None);
        Assert.Equal(0, Observe(lag));
        Assert.Equal(2, Observe(backlog));

        // A cancelled booking is no longer watched; an answered one still is (until the talk starts).
        await _host.Bookings.CancelAsync(first.BookingId, Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(120, Observe(lag));
        await relay.CheckOnceAsync(CancellationToken.None);
        Assert.Equal(0, Observe(lag));
        Assert.Equal(1, Observe(backlog));
    }

    private static T Observe<T>(MetricCollector<T> collector)
        where T : struct
    {
        collector.RecordObservableInstruments();
        return collector.LastMeasurement!.Value;
    }
}
