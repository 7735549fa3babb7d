using ConfidantBot.Booking;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Tests.Storage;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConfidantBot.Tests.ScaleOut;

/// <summary>
/// Bookings and background work on two instances sharing one store: a slot is claimed with a
/// create-only write, so across instances exactly one request wins it; background passes use
/// ETags, so running them on both instances at once does each piece of work once.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class TwoInstanceBookingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Twenty_racing_bookings_of_five_slots_on_two_instances_book_each_slot_once_and_losers_get_fresh_slots()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var instances = TwoInstances.Start(azurite);
        var confidant = await SeedConfidantAsync(instances);
        var slots = (await TwoInstances.Bookings(instances.First).FindSlotsAsync([confidant], CancellationToken.None)).Take(5).ToList();
        Assert.Equal(5, slots.Count);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async index =>
        {
            var slot = slots[index % slots.Count];
            try
            {
                var confirmation = await BookAsync(instances, index, confidant, slot.Start, connector.ServiceUrl);
                return (Index: index, Slot: slot, Booked: (BookingConfirmation?)confirmation);
            }
            catch (SlotTakenException)
            {
                return (Index: index, Slot: slot, Booked: null);
            }
        }));

        foreach (var slot in slots)
        {
            Assert.Single(attempts, attempt => attempt.Slot == slot && attempt.Booked is not null);
        }

        Assert.Equal(15, attempts.Count(attempt => attempt.Booked is null));
        var stored = new List<BookingRecord>();
        await foreach (var (booking, _) in TwoInstances.Bookings(instances.Second).OpenBookingsAsync(CancellationToken.None))
        {
            stored.Add(booking);
        }

        Assert.Equal(slots.Select(slot => slot.Start).Order(), stored.Select(booking => booking.Start).Order());

        // Every loser is offered fresh slots by the instance it was on: none of the taken ones.
        foreach (var loser in attempts.Where(attempt => attempt.Booked is null))
        {
            var fresh = await TwoInstances.Bookings(instances.Instance(loser.Index)).FindSlotsAsync([confidant], CancellationToken.None);
            Assert.NotEmpty(fresh);
            Assert.DoesNotContain(fresh, offered => slots.Any(taken => taken.Start == offered.Start));
        }
    }

    [Fact]
    public async Task Retention_and_answer_polling_on_both_instances_at_once_tell_each_person_once_and_keep_live_bookings()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var instances = TwoInstances.Start(azurite);
        var confidant = await SeedConfidantAsync(instances);
        var slots = (await TwoInstances.Bookings(instances.First).FindSlotsAsync([confidant], CancellationToken.None)).Take(3).ToList();
        var booked = new List<BookingConfirmation>();
        for (var index = 0; index < slots.Count; index++)
        {
            booked.Add(await BookAsync(instances, index, confidant, slots[index].Start, connector.ServiceUrl));
        }

        // The confidant accepts every request in their own calendar.
        var calendar = (LocalCalendarProvider)TwoInstances.Calendar(instances.First);
        foreach (var confirmation in booked)
        {
            var (booking, _) = (await TwoInstances.Bookings(instances.First).ReadAsync(confirmation.BookingId, CancellationToken.None))!.Value;
            Assert.True(await calendar.AnswerAsync(booking.EventId!, AttendeeAnswer.Accepted, null, null, CancellationToken.None));
        }

        var relays = instances.Both.Select(TwoInstances.AnswerRelay).ToList();
        var sweepers = instances.Both.Select(host => host.Services.GetRequiredService<RetentionService>()).ToList();
        var relayed = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            var relayPasses = relays.Select(relay => relay.CheckOnceAsync(CancellationToken.None)).ToList();
            var sweeps = sweepers.Select(sweeper => sweeper.SweepAsync(CancellationToken.None)).ToList();
            await Task.WhenAll(relayPasses.Cast<Task>().Concat(sweeps));
            relayed += relayPasses.Sum(task => task.Result);
        }

        Assert.Equal(booked.Count, relayed);
        for (var index = 0; index < booked.Count; index++)
        {
            Assert.Single(connector.Drain(ConversationId(index)));
            var (booking, _) = (await TwoInstances.Bookings(instances.Second).ReadAsync(booked[index].BookingId, CancellationToken.None))!.Value;
            Assert.Equal(BookingStatus.Accepted, booking.Status);
        }
    }

    [Fact]
    public async Task Accepted_then_declined_then_accepted_after_all_is_relayed_once_each_in_order_by_two_instances_on_one_store()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var instances = TwoInstances.Start(azurite);
        var confidant = await SeedConfidantAsync(instances);
        var slot = (await TwoInstances.Bookings(instances.First).FindSlotsAsync([confidant], CancellationToken.None)).First();
        var confirmation = await BookAsync(instances, 0, confidant, slot.Start, connector.ServiceUrl);
        var (booking, _) = (await TwoInstances.Bookings(instances.First).ReadAsync(confirmation.BookingId, CancellationToken.None))!.Value;
        var calendar = (LocalCalendarProvider)TwoInstances.Calendar(instances.Second);
        var relays = instances.Both.Select(TwoInstances.AnswerRelay).ToList();

        var told = new List<string>();
        foreach (var answer in new[] { AttendeeAnswer.Accepted, AttendeeAnswer.Declined, AttendeeAnswer.Accepted })
        {
            Assert.True(await calendar.AnswerAsync(booking.EventId!, answer, null, null, CancellationToken.None));
            for (var pass = 0; pass < 2; pass++)
            {
                await Task.WhenAll(relays.Select(relay => relay.CheckOnceAsync(CancellationToken.None)));
            }

            told.Add((await connector.NextAsync(ConversationId(0))).VisibleText);
            await Task.Delay(300);
            Assert.Empty(connector.Drain(ConversationId(0)));
        }

        Assert.Collection(told,
            text => Assert.StartsWith($"Goed nieuws: de vertrouwenspersoon heeft je gesprek {confirmation.ReferenceCode} geaccepteerd", text),
            text => Assert.StartsWith("Let op: de vertrouwenspersoon kan toch niet op", text),
            text => Assert.StartsWith($"De vertrouwenspersoon kan toch: je gesprek {confirmation.ReferenceCode}", text));
        var stored = (await TwoInstances.Bookings(instances.Second).ReadAsync(confirmation.BookingId, CancellationToken.None))!.Value.Booking;
        Assert.Equal(BookingStatus.Accepted, stored.Status);
        Assert.Equal(3, stored.AnswerVersion);
    }

    private static string ConversationId(int index) => $"a:booker-{index}";

    private static Task<BookingConfirmation> BookAsync(TwoInstances instances, int index, Confidant confidant, NodaTime.Instant start, string serviceUrl)
    {
        var conversation = new ConversationReference
        {
            ActivityId = "activity-" + index,
            User = new ChannelAccount { Id = "29:booker-" + index, AadObjectId = $"00000000-0000-0000-0000-{index:D12}" },
            Bot = new ChannelAccount { Id = "28:bot" },
            Conversation = new ConversationAccount { Id = ConversationId(index), ConversationType = "personal", TenantId = TeamsActivities.TenantId },
            ChannelId = "msteams",
            Locale = "nl-NL",
            ServiceUrl = serviceUrl,
        };
        var request = new BookingRequest(confidant.Id, start, MeetingMode.Online, "Merel " + index, null, Audience.Employees);
        return TwoInstances.Bookings(instances.Instance(index)).BookAsync(request, conversation, TeamsActivities.TenantId, conversation.User.AadObjectId!, CancellationToken.None);
    }

    private static Task<Confidant> SeedConfidantAsync(TwoInstances instances)
        => new RosterStore(instances.First.Services.GetRequiredService<IStorage>(), TimeProvider.System).AddAsync(new Confidant
        {
            Id = "vp-extern-1",
            DisplayName = "Vertrouwenspersoon Extern",
            Organisation = "Bureau Vertrouwen",
            Kind = ConfidantKind.External,
            Audiences = [Audience.Employees],
            Languages = ["nl"],
            Bio = new LocalizedText("Luistert en denkt mee.", "Listens and helps you think."),
            InvitationEmail = "vp@example.org",
            ConsultationHours = [.. Enum.GetValues<DayOfWeek>().Select(day => new ConsultationHours(day, new TimeOnly(8, 0), new TimeOnly(20, 0)))],
        }, "hr-admin", CancellationToken.None);
}
