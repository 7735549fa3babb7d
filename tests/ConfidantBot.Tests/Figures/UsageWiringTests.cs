using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Booking;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using ConfidantBot.Tests.Routes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Tests.Figures;

/// <summary>
/// The guide, the route browser, booking and the answer relay feed the real counters on the real
/// SQLite store; the raw counters are read back (month prefix left aside) and compared exactly.
/// </summary>
public sealed class UsageWiringTests : IAsyncLifetime, IDisposable
{
    private static readonly Instant Wednesday13 = Instant.FromUtc(2027, 3, 24, 12, 0);

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

    [Fact]
    public async Task A_scripted_guide_through_the_root_counts_starts_finishes_shown_and_opened_routes_by_audience()
    {
        await using var conversation = await RouteConversation.StartAsync();

        var employeeRoutes = await RunGuideAsync(conversation, "Employee");
        var unspecifiedRoutes = await RunGuideAsync(conversation, "RatherNotSay");
        var opened = employeeRoutes[0];
        await conversation.ClickAsync(new { command = "routes", action = "route", route = opened });
        await conversation.ClickAsync(new { command = "routes", action = "contact", route = opened });
        await conversation.ClickAsync(new { command = "routes", action = "route", route = "no-such-route" });

        var expected = new Dictionary<string, long>
        {
            [Key(UsageEvent.GuideStarted())] = 2,
            [Key(UsageEvent.GuideFinished(Audience.Employees))] = 1,
            [Key(UsageEvent.GuideFinished())] = 1,
            [Key(UsageEvent.RouteOpened(opened))] = 2,

            // Both guides: undesirable behaviour by a colleague, a confidential talk wished: a confidant first.
            [Key(UsageEvent.GuideTopic(TopicGroup.UndesirableBehaviour))] = 2,
            [Key(UsageEvent.GuideInvolved(InvolvedGroup.Colleagues))] = 2,
            [Key(UsageEvent.FirstRouteShown(RouteKindGroup.ConfidentialTalk))] = 2,
        };
        foreach (var route in employeeRoutes)
        {
            expected[Key(UsageEvent.RouteShown(route, Audience.Employees))] = 1;
        }

        foreach (var route in unspecifiedRoutes)
        {
            expected[Key(UsageEvent.RouteShown(route))] = 1;
        }

        Assert.Equal(Sorted(expected), Sorted(await ReadCountersAsync(conversation.Store.Storage)));
    }

    [Fact]
    public async Task Requested_accepted_declined_held_and_cancelled_bookings_are_each_counted_exactly_once()
    {
        var accepted = await BookAsync(Wednesday13);
        var cancelled = await BookAsync(Wednesday13 + Duration.FromHours(1));
        var declined = await BookAsync(Wednesday13 + Duration.FromHours(2));
        await _host.LocalCalendar.AnswerAsync(accepted.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        await _host.LocalCalendar.AnswerAsync(declined.BookingId, AttendeeAnswer.Declined, null, null, CancellationToken.None);
        Assert.Equal(2, await NewRelay().CheckOnceAsync(CancellationToken.None));

        Assert.True(await _host.Bookings.CancelAsync(cancelled.BookingId, Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));

        // Before the end nothing is held; after it, eight relays at once count the talk once, and later passes not again.
        await NewRelay().CheckOnceAsync(CancellationToken.None);
        Assert.Equal(0, await Count(UsageEvent.BookingHeld(ConfidantKind.External, Audience.Employees)));
        _host.Clock.SetUtcNow(accepted.End.ToDateTimeOffset());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => NewRelay().CheckOnceAsync(CancellationToken.None))));
        await NewRelay().CheckOnceAsync(CancellationToken.None);

        // Forget-me afterwards ends the held talk's and the declined booking's records: neither was a cancellation, neither counts as one.
        Assert.Equal(0, (await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None)).CancelledBookings);

        var expected = new Dictionary<string, long>
        {
            [Key(UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees))] = 3,
            [Key(UsageEvent.BookingAccepted(ConfidantKind.External, Audience.Employees))] = 1,
            [Key(UsageEvent.BookingDeclined(ConfidantKind.External, Audience.Employees))] = 1,
            [Key(UsageEvent.BookingCancelled(ConfidantKind.External, Audience.Employees))] = 1,
            [Key(UsageEvent.BookingHeld(ConfidantKind.External, Audience.Employees))] = 1,

            // The acceptance and the decline came at once: two first answers within a day.
            [Key(UsageEvent.BookingAnswered(AnswerDays.LessThanOne))] = 2,
        };
        Assert.Equal(Sorted(expected), Sorted(await ReadCountersAsync(_host.Storage)));
    }

    /// <summary>
    /// What the bookings paragraph of the yearly report says is what is counted: a proposed time the
    /// person takes is a new request (the withdrawn one is no cancellation), a coming talk ended by
    /// forget-me counts as cancelled, and forget-me takes no count back.
    /// </summary>
    [Fact]
    public async Task A_taken_proposal_is_a_second_request_and_forget_me_counts_a_cancellation_but_takes_no_count_back()
    {
        var first = await BookAsync(Wednesday13);
        var proposed = Wednesday13 + Duration.FromDays(1);
        await _host.LocalCalendar.AnswerAsync(first.BookingId, AttendeeAnswer.NewTimeProposed, proposed, proposed + Duration.FromHours(1), CancellationToken.None);
        Assert.Equal(1, await NewRelay().CheckOnceAsync(CancellationToken.None));

        var taken = await _host.Bookings.TakeProposalAsync(first.BookingId, BookingTestHost.Person(serviceUrl: _connector.ServiceUrl), Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Equal(2, await Count(UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees)));
        Assert.Equal(0, await Count(UsageEvent.BookingCancelled(ConfidantKind.External, Audience.Employees)));

        Assert.Equal(1, (await _host.Bookings.ForgetAsync(Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None)).CancelledBookings);

        var expected = new Dictionary<string, long>
        {
            [Key(UsageEvent.BookingRequested(ConfidantKind.External, Audience.Employees))] = 2,
            [Key(UsageEvent.BookingNewTime(ConfidantKind.External, Audience.Employees))] = 1,
            [Key(UsageEvent.BookingAnswered(AnswerDays.LessThanOne))] = 1,
            [Key(UsageEvent.BookingCancelled(ConfidantKind.External, Audience.Employees))] = 1,
        };
        Assert.Equal(Sorted(expected), Sorted(await ReadCountersAsync(_host.Storage)));

        // The report says so, in both languages.
        foreach (var (culture, takenProposal, forgetMe) in new[]
        {
            (Presentation.Locales.Dutch, "als een nieuwe aanvraag", "ook via 'vergeet mij'"),
            (Presentation.Locales.English, "counts as a new request", "also through 'forget me'"),
        })
        {
            var text = Presentation.Texts.Get(culture, "figures.document.bookings.text");
            Assert.Contains(takenProposal, text, StringComparison.Ordinal);
            Assert.Contains(forgetMe, text, StringComparison.Ordinal);
            Assert.Contains(forgetMe, Presentation.Texts.Get(culture, "figures.document.notCounted"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_relays_at_once_count_an_acceptance_once()
    {
        var booking = await BookAsync(Wednesday13);
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);

        var relayed = await Task.WhenAll(NewRelay().CheckOnceAsync(CancellationToken.None), NewRelay().CheckOnceAsync(CancellationToken.None));

        Assert.Equal(1, relayed.Sum());
        Assert.Equal(1, await Count(UsageEvent.BookingAccepted(ConfidantKind.External, Audience.Employees)));
    }

    [Fact]
    public async Task A_second_instance_that_read_the_bookings_before_the_first_wrote_counts_neither_the_acceptance_nor_the_held_talk_again()
    {
        var booking = await BookAsync(Wednesday13);
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        var secondStore = new StaleBookingListStorage(_host.Storage);
        var second = NewRelay(bookings: new BookingService(secondStore, _host.Roster, _host.Calendar, _host.SlotFinder, _host.Routing, _host.Hasher, Options.Create(_host.Retention), _host.Clock, _host.Counters, _host.Removals, NullLogger<BookingService>.Instance));

        // The second instance lists the bookings, then the first one claims the answer before the second writes.
        await secondStore.KeepListAsync();
        Assert.Equal(1, await NewRelay().CheckOnceAsync(CancellationToken.None));
        Assert.Equal(0, await second.CheckOnceAsync(CancellationToken.None));

        _host.Clock.SetUtcNow(booking.End.ToDateTimeOffset());
        await secondStore.KeepListAsync();
        await NewRelay().CheckOnceAsync(CancellationToken.None);
        await second.CheckOnceAsync(CancellationToken.None);

        Assert.Equal(1, await Count(UsageEvent.BookingAccepted(ConfidantKind.External, Audience.Employees)));
        Assert.Equal(1, await Count(UsageEvent.BookingHeld(ConfidantKind.External, Audience.Employees)));
    }

    [Fact]
    public async Task An_acceptance_whose_message_failed_and_was_relayed_on_the_next_pass_is_counted_once()
    {
        var booking = await BookAsync(Wednesday13);
        await _host.LocalCalendar.AnswerAsync(booking.BookingId, AttendeeAnswer.Accepted, null, null, CancellationToken.None);
        var adapter = new FailingOnceAdapter(NewAdapter());
        var relay = NewRelay(adapter);

        Assert.Equal(0, await relay.CheckOnceAsync(CancellationToken.None));
        Assert.Equal(BookingStatus.Requested, (await _host.Bookings.ReadAsync(booking.BookingId, CancellationToken.None))!.Value.Booking.Status);
        Assert.Equal(1, await relay.CheckOnceAsync(CancellationToken.None));
        Assert.Equal(0, await relay.CheckOnceAsync(CancellationToken.None));

        Assert.Equal(2, adapter.Attempts);
        Assert.StartsWith("Goed nieuws", (await _connector.NextAsync(Canaries.ConversationId)).Activity.Text, StringComparison.Ordinal);
        Assert.Equal(1, await Count(UsageEvent.BookingAccepted(ConfidantKind.External, Audience.Employees)));
    }

    /// <summary>Clicks through the guide (about behaviour of a colleague, a confidential talk) with the given role; returns the advised routes.</summary>
    private static async Task<List<string>> RunGuideAsync(RouteConversation conversation, string role)
    {
        await conversation.ClickAsync(new { command = "guide" });
        await conversation.ClickAsync(Answer("topic", "UndesirableBehaviour"));
        await conversation.ClickAsync(Answer("involved", "Colleague"));
        await conversation.ClickAsync(Answer("reportedBefore", "No"));
        await conversation.ClickAsync(Answer("wish", "ConfidentialTalk"));
        var result = Assert.Single(RouteConversation.Cards(await conversation.ClickAsync(Answer("role", role))));
        var routes = CardChecks.Submits(result).Where(data => (string?)data["action"] == "route").Select(data => (string)data["route"]!).Distinct().ToList();
        Assert.NotEmpty(routes);
        return routes;
    }

    private static object Answer(string question, string answer) => new { guide = "answer", q = question, a = answer };

    private Task<BookingConfirmation> BookAsync(Instant start)
        => _host.Bookings.BookAsync(
            new BookingRequest("c1", start, MeetingMode.Online, Canaries.Pseudonym, null, Audience.Employees),
            BookingTestHost.Person(serviceUrl: _connector.ServiceUrl),
            Canaries.TenantId,
            Canaries.EntraObjectId,
            CancellationToken.None);

    private CloudAdapter NewAdapter() =>
        new(_protocol.GetRequiredService<IConnectorClient>(), _protocol.GetRequiredService<IServiceUrlTrust>(), Options.Create(new BotHostOptions()), NullLogger<CloudAdapter>.Instance);

    private AnswerRelayService NewRelay(BotAdapter? adapter = null, BookingService? bookings = null) => new(
        bookings ?? _host.Bookings,
        _host.Calendar,
        _host.Routing,
        adapter ?? NewAdapter(),
        _host.Messages,
        Options.Create(_host.Booking),
        _host.Clock,
        _host.Counters,
        NullLogger<AnswerRelayService>.Instance);

    private async Task<long> Count(UsageEvent usage) => (await ReadCountersAsync(_host.Storage)).GetValueOrDefault(Key(usage));

    /// <summary>A counter's id without its month, so that a test does not depend on which month it runs in.</summary>
    private static string Key(UsageEvent usage) => WithoutMonth(CounterKey.For(usage, 2000, 1).ToStorageKey().Id);

    private static string WithoutMonth(string id) => id[(id.IndexOf(';', StringComparison.Ordinal) + 1)..];

    private static async Task<Dictionary<string, long>> ReadCountersAsync(IStorage storage)
    {
        var counts = new Dictionary<string, long>();
        await foreach (var item in storage.QueryAsync(CounterKey.Partition, CancellationToken.None))
        {
            counts[WithoutMonth(item.Key.Id)] = long.Parse(Encoding.ASCII.GetString(item.Data.Span), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static List<KeyValuePair<string, long>> Sorted(Dictionary<string, long> counts) => [.. counts.OrderBy(pair => pair.Key, StringComparer.Ordinal)];

    /// <summary>
    /// The real store, except that listing the bookings returns the list as it was at the last <see cref="KeepListAsync"/>:
    /// an instance that read the bookings just before another instance changed them.
    /// </summary>
    private sealed class StaleBookingListStorage(IStorage inner) : IStorage
    {
        private List<StoredItem>? _kept;

        public async Task KeepListAsync()
        {
            var kept = new List<StoredItem>();
            await foreach (var item in inner.QueryAsync(BookingRecord.Partition))
            {
                kept.Add(item);
            }

            _kept = kept;
        }

        public async IAsyncEnumerable<StoredItem> QueryAsync(string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (partition == BookingRecord.Partition && _kept is { } kept)
            {
                foreach (var item in kept)
                {
                    yield return item;
                }

                yield break;
            }

            await foreach (var item in inner.QueryAsync(partition, cancellationToken))
            {
                yield return item;
            }
        }

        public Task<StoredItem?> ReadAsync(StorageKey key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

        public Task<string> WriteAsync(StorageKey key, ReadOnlyMemory<byte> data, string? ifMatch, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
            => inner.WriteAsync(key, data, ifMatch, expiresAt, cancellationToken);

        public Task<bool> DeleteAsync(StorageKey key, string? ifMatch = ETags.Any, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, ifMatch, cancellationToken);

        public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default) => inner.DeleteExpiredAsync(cancellationToken);

        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
    }

    /// <summary>The connector is unreachable for the first proactive message (an outside service failing), then works.</summary>
    private sealed class FailingOnceAdapter(BotAdapter inner) : BotAdapter
    {
        public int Attempts { get; private set; }

        public override Task<ResourceResponse?> SendActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
            => inner.SendActivityAsync(turnContext, activity, cancellationToken);

        public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
            => inner.UpdateActivityAsync(turnContext, activity, cancellationToken);

        public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
            => ++Attempts == 1
                ? throw new HttpRequestException("The connector could not be reached (test).")
                : inner.ContinueConversationAsync(reference, callback, cancellationToken);
    }
}
