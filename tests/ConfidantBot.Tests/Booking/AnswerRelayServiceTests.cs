using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Hosting;
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

    private AnswerRelayService NewRelay() => new(
        _host.Bookings,
        _host.Calendar,
        _host.Routing,
        new CloudAdapter(_protocol.GetRequiredService<IConnectorClient>(), _protocol.GetRequiredService<IServiceUrlTrust>(), Options.Create(new BotHostOptions()), NullLogger<CloudAdapter>.Instance),
        _host.Messages,
        Options.Create(_host.Booking),
        _host.Clock,
        _host.Counters,
        NullLogger<AnswerRelayService>.Instance);

    private Task<BookingConfirmation> BookAsync()
        => _host.Bookings.BookAsync(
            new BookingRequest("c1", Instant.FromUtc(2027, 3, 24, 12, 0), MeetingMode.Online, Canaries.Pseudonym, null, TopicCategory.NotShared, Audience.Employees),
            BookingTestHost.Person(serviceUrl: _connector.ServiceUrl),
            Canaries.TenantId,
            Canaries.EntraObjectId,
            CancellationToken.None);

    public static TheoryData<AttendeeAnswer, string> Answers => new()
    {
        { AttendeeAnswer.Accepted, "Goed nieuws: de vertrouwenspersoon heeft je gesprek {0} geaccepteerd. Het gesprek is op woensdag 24 maart om 13:00." },
        { AttendeeAnswer.Declined, "De vertrouwenspersoon kan niet op woensdag 24 maart om 13:00 (gesprek {0})." },
        { AttendeeAnswer.Tentative, "De vertrouwenspersoon heeft je gesprek {0} op woensdag 24 maart om 13:00 onder voorbehoud geaccepteerd." },
        { AttendeeAnswer.NewTimeProposed, "De vertrouwenspersoon stelt voor gesprek {0} een andere tijd voor: donderdag 25 maart om 10:00." },
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
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, booking.ReferenceCode), message.Activity.Text);
        Assert.Equal(0, await NewRelay().CheckOnceAsync(CancellationToken.None));
        await Task.Delay(200);
        Assert.Empty(_connector.Drain(Canaries.ConversationId));
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
}
