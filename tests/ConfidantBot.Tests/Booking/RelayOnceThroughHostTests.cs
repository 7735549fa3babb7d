using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Tests.Conversation;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static ConfidantBot.Tests.Infrastructure.FakeConnector;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// A relayed answer reaches the person once, also when the connector fails around it — through the
/// real host (its connector client with its retry policy, the relay, SQLite, the local calendar) to
/// a fake Bot Connector that plays one failure. The connector does not merge duplicate messages, so
/// a send that may have arrived (slow 201, a 5xx after taking it) is never sent again, and one that
/// certainly did not (429, 503, 403) is sent again until it arrives.
/// </summary>
public sealed class RelayOnceThroughHostTests(RelayOnceThroughHostTests.Fixture fixture) : IClassFixture<RelayOnceThroughHostTests.Fixture>
{
    /// <summary>The connector retries as in production but with short waits; the relay runs only when a test says so.</summary>
    public sealed class Fixture() : CommandHostFixture(new Dictionary<string, string?>
    {
        ["Connector:MaxRetries"] = "3",
        ["Connector:BaseRetryDelay"] = "00:00:00.050",
        ["Connector:MaxRetryDelay"] = "00:00:00.200",
        // A held answer lasts this long; well above what a loaded machine needs for a loopback post.
        ["Connector:AttemptTimeout"] = "00:00:05",
        ["Booking:AnswerPollInterval"] = "01:00:00",
    });

    public static TheoryData<string, int, bool, bool> Mishaps => new()
    {
        // name, status, the connector took the activity, it held its answer past the client's timeout
        { "slow 201 after the client's timeout", 201, true, true },
        { "500 after taking it", 500, true, false },
        { "502 from a gateway after taking it", 502, true, false },
        { "504 from a gateway after taking it", 504, true, false },
        { "429 throttled", 429, false, false },
        { "503 unavailable", 503, false, false },
        { "403 refused", 403, false, false },
    };

    [Theory]
    [MemberData(nameof(Mishaps))]
    public async Task A_proposed_time_reaches_the_person_once_whatever_the_connector_does_once(string mishap, int status, bool takes, bool holds)
    {
        var chat = new CommandChat(fixture, "nl-NL", CommandHostFixture.NewPerson());
        await chat.BookAsync();
        var bookings = fixture.Host.Services.GetRequiredService<BookingService>();
        var booking = Assert.Single(await bookings.MyBookingsAsync(TeamsActivities.TenantId, chat.Person, CancellationToken.None)).Booking;
        var proposed = booking.Start + Duration.FromDays(1);
        await fixture.Host.Services.GetRequiredService<LocalCalendarProvider>().AnswerAsync(booking.EventId!, AttendeeAnswer.NewTimeProposed, proposed, proposed + (booking.End - booking.Start), CancellationToken.None);

        fixture.Connector.NextMishaps.Enqueue(new Mishap(status, takes, holds));
        var relay = fixture.Host.Services.GetRequiredService<AnswerRelayService>();
        for (var pass = 0; pass < 3; pass++)
        {
            await relay.CheckOnceAsync(CancellationToken.None);
        }

        var told = fixture.Connector.Drain(chat.ConversationId);
        var proposal = Assert.Single(told);
        Assert.StartsWith($"De vertrouwenspersoon stelt voor gesprek {booking.ReferenceCode} een andere tijd voor", proposal.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Ja, die tijd", proposal.VisibleText, StringComparison.Ordinal);
        Assert.True(fixture.Connector.NextMishaps.IsEmpty, $"the mishap '{mishap}' was not played");
        var (stored, _) = (await bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value;
        Assert.Equal(BookingStatus.NewTimeProposed, stored.Status);
        Assert.Equal(1, stored.AnswerVersion);
    }
}
