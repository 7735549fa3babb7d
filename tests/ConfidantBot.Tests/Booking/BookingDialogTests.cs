using System.Text.RegularExpressions;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Tests.Privacy;
using NodaTime;

namespace ConfidantBot.Tests.Booking;

public sealed partial class BookingDialogTests : IDisposable
{
    private readonly BookingTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [GeneratedRegex("[34679ACDEFGHJKMNPQRTUVWXY]{3}-[34679ACDEFGHJKMNPQRTUVWXY]{4}")]
    private static partial Regex ReferencePattern();

    public static TheoryData<MeetingMode, string, string> Modes => new()
    {
        { MeetingMode.Online, "Online via Teams; jij neemt als gast deel", "1. Kopieer deze link" },
        { MeetingMode.PhoneConfidantCalls, "de vertrouwenspersoon belt +•• • ••••••66 (hier afgeschermd; de vertrouwenspersoon ziet het hele nummer)", "De vertrouwenspersoon belt je op het nummer dat je gaf" },
        { MeetingMode.PhonePersonCalls, "jij belt de vertrouwenspersoon op 020 1234567", "Bel de vertrouwenspersoon op 020 1234567" },
        { MeetingMode.InPerson, "Op kantoor: Stationsplein 1, Utrecht", "Op kantoor: Stationsplein 1, Utrecht" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_person_books_turn_by_turn_and_the_confidant_sees_only_reference_pseudonym_time_and_way_to_meet(MeetingMode mode, string summaryMode, string confirmationMode)
    {
        var client = _host.Client(_host.NewBookingDialog());

        var confidants = await client.SendActivityAsync("afspraak");
        Assert.Contains("Met wie wil je praten?", confidants.Describe());
        Assert.Contains("[Kies Anna de Wit]", confidants.Describe());
        Assert.Contains("[Kies Bram Okafor]", confidants.Describe());
        Assert.Contains("[Eerste die tijd heeft]", confidants.Describe());

        var slots = await client.SendValueAsync(new { choice = "c1" });
        Assert.Equal(
            "Wanneer past het je? Kies een tijd, of Later voor meer tijden. [woensdag 24 maart om 13:00] [woensdag 24 maart om 14:00] [woensdag 24 maart om 15:00] [woensdag 24 maart om 16:00] [Later]",
            slots.Describe());

        var modes = await client.SendValueAsync(new { choice = "0" });
        Assert.Equal(
            "Hoe wil je het gesprek voeren? [Online (Teams, als gast zonder in te loggen)] [Telefonisch: ik bel de vertrouwenspersoon] [Telefonisch: de vertrouwenspersoon belt mij] [Op het kantoor van de vertrouwenspersoon]",
            modes.Describe());

        var pseudonymQuestion = await client.SendValueAsync(new { choice = mode.ToString() });
        Assert.Contains("schuilnaam", pseudonymQuestion.Describe());
        Assert.Matches(@"\[Gebruik '[^']+'\]", pseudonymQuestion.Describe());

        var next = await client.SendActivityAsync(Canaries.Pseudonym);
        if (mode == MeetingMode.PhoneConfidantCalls)
        {
            Assert.StartsWith("Let op voordat je een nummer typt: het nummer komt in de agenda van de vertrouwenspersoon en in de servicemailbox van de gemeente, en aan een telefoonnummer kan iemand je herkennen.", next.Describe());
            Assert.Contains("[Ik bel liever zelf de vertrouwenspersoon]", next.Describe());
            next = await client.SendActivityAsync(Canaries.PhoneNumber);
        }

        var summary = BookingTestHost.Visible(next);
        Assert.Contains("Dit is precies wat de vertrouwenspersoon te zien krijgt", summary);
        Assert.Contains("een code die je krijgt na het versturen", summary);
        Assert.Contains(Canaries.Pseudonym, summary);
        Assert.Contains("woensdag 24 maart om 13:00", summary);
        Assert.Contains(summaryMode, summary);
        Assert.DoesNotContain("Onderwerp", summary);
        Assert.Contains("Zal ik dit verzoek versturen?", summary);
        Assert.DoesNotContain(Canaries.PhoneNumber, summary);

        var confirmation = BookingTestHost.Visible(await client.SendValueAsync(new { confirm = true }));
        var reference = ReferencePattern().Match(confirmation).Value;
        Assert.NotEmpty(reference);
        Assert.Contains("Je verzoek is verstuurd", confirmation);
        Assert.Contains("woensdag 24 maart om 13:00", confirmation);
        Assert.Contains(confirmationMode, confirmation);
        Assert.Contains("Je hoort het antwoord hier in deze chat; bij 'mijn afspraken' zie je ook hoe het ervoor staat.", confirmation);
        Assert.Contains("14 dagen na het gesprek gewist", confirmation);

        var calendarEvent = Assert.Single(await ToListAsync(_host.LocalCalendar.ListAsync(CancellationToken.None)));
        Assert.Equal(reference, calendarEvent.ReferenceCode);
        Assert.Equal(Canaries.Pseudonym, calendarEvent.Pseudonym);
        Assert.Equal(mode, calendarEvent.Mode);
        Assert.Equal(Instant.FromUtc(2027, 3, 24, 12, 0), calendarEvent.Start);
        Assert.Equal("c1@vertrouwenswerk.example", calendarEvent.ConfidantEmail);
        Assert.Equal(mode == MeetingMode.PhoneConfidantCalls ? Canaries.PhoneNumber : null, calendarEvent.PhoneNumberToCall);
        Assert.DoesNotContain(Canaries.UserName, calendarEvent.ToString());
        Assert.DoesNotContain(Canaries.EntraObjectId, calendarEvent.ToString());
        // The row as stored holds what the invitation holds and no more: no topic, no audience, no free text.
        var row = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(await BookingTestHost.ItemsAsync(_host.LocalCalendarStorage, "local-calendar")).Data.Span)!.AsObject();
        string[] fields = mode == MeetingMode.PhoneConfidantCalls
            ? ["answer", "cancelled", "confidantEmail", "end", "eventId", "mode", "phoneNumberToCall", "pseudonym", "referenceCode", "remindersSent", "start", "subject"]
            : ["answer", "cancelled", "confidantEmail", "end", "eventId", "mode", "pseudonym", "referenceCode", "remindersSent", "start", "subject"];
        Assert.Equal(fields, row.Select(property => property.Key).Order(StringComparer.Ordinal));

        var booking = Assert.Single(await _host.ItemsAsync(BookingRecord.Partition));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose));
        Assert.Single(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Equal(new DateTimeOffset(2027, 3, 24, 12, 45, 0, TimeSpan.Zero).AddDays(14), booking.ExpiresAt);

        var bytes = _host.StoreBytes();
        Assert.DoesNotContain(Canaries.Pseudonym, bytes);
        Assert.DoesNotContain(Canaries.PhoneNumber, bytes);
        Assert.DoesNotContain(Canaries.UserName, bytes);
        Assert.DoesNotContain(Canaries.EntraObjectId, bytes);
    }

    [Fact]
    public async Task Only_the_ways_to_meet_the_confidant_supports_are_offered()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "c2" });

        var modes = await client.SendValueAsync(new { choice = "0" });

        Assert.Equal("Hoe wil je het gesprek voeren? [Online (Teams, als gast zonder in te loggen)] [Telefonisch: de vertrouwenspersoon belt mij]", modes.Describe());
    }

    [Fact]
    public async Task Later_pages_on_to_the_next_slots()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "c1" });

        var later = await client.SendValueAsync(new { choice = BookingDialog.LaterChoice });

        // Monday 29 March is Easter Monday: the next Monday hours are on 5 April (summer time).
        Assert.Equal(
            "Wanneer past het je? Kies een tijd, of Later voor meer tijden. [woensdag 31 maart om 13:00] [woensdag 31 maart om 14:00] [woensdag 31 maart om 15:00] [woensdag 31 maart om 16:00] [Later]",
            later.Describe());
    }

    [Fact]
    public async Task First_available_offers_the_earliest_slots_of_every_confidant_with_their_names()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await client.SendActivityAsync("afspraak");

        var slots = await client.SendValueAsync(new { choice = BookingDialog.AnyConfidant });

        Assert.Equal(
            "Wanneer past het je? Kies een tijd, of Later voor meer tijden. [woensdag 24 maart om 13:00 — Anna de Wit] [woensdag 24 maart om 13:00 — Bram Okafor] [woensdag 24 maart om 14:00 — Anna de Wit] [woensdag 24 maart om 14:00 — Bram Okafor] [Later]",
            slots.Describe());
    }

    public static TheoryData<string, string?> PseudonymTable => new()
    {
        { "Merel", null },
        { "Sterre van Dijk", null },
        { "Zoë", null },
        { "A", "booking.pseudonym.tooShort" },
        { "  ", "booking.pseudonym.tooShort" },
        { new string('x', 41), "booking.pseudonym.tooLong" },
        { new string('x', 40), null },
        { "jan.jansen@gemeente.nl", "booking.pseudonym.email" },
        { "iemand@", "booking.pseudonym.email" },
        { "0612345678", "booking.pseudonym.phone" },
        { "+31 6 1234 5678", "booking.pseudonym.phone" },
        { "Kiwi 2024", null },
        { "<script>", "booking.pseudonym.invalid" },
        { "naam\u0000", "booking.pseudonym.invalid" },
    };

    [Theory]
    [MemberData(nameof(PseudonymTable))]
    public void Pseudonyms_are_checked(string pseudonym, string? problem)
        => Assert.Equal(problem, PseudonymRules.Problem(pseudonym));

    [Theory]
    [InlineData("06 12345678", true)]
    [InlineData("+31 6 12345678", true)]
    [InlineData("(020) 123-4567", true)]
    [InlineData("12345", false)]
    [InlineData("bel me maar", false)]
    [InlineData("06+12345678", false)]
    [InlineData("1234567890123456", false)]
    public void Phone_numbers_are_checked(string number, bool plausible)
        => Assert.Equal(plausible, PhoneNumberRules.IsPlausible(number));

    [Fact]
    public async Task A_pseudonym_that_identifies_gets_a_kind_retry_and_the_suggestion_button_works()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "c1" });
        await client.SendValueAsync(new { choice = "0" });
        await client.SendValueAsync(new { choice = nameof(MeetingMode.PhoneConfidantCalls) });

        var email = await client.SendActivityAsync("jan.jansen@gemeente.nl");
        Assert.Equal("Dat lijkt op een e-mailadres, en daaraan kan iemand je herkennen. Kies liever een naam die niets over jou zegt.", email.Describe());

        var phoneQuestion = await client.SendValueAsync(new { pseudonym = "Merel" });
        Assert.Contains("Let op voordat je een nummer typt", phoneQuestion.Describe());

        var badPhone = await client.SendActivityAsync("bel me maar");
        Assert.Equal("Dat lijkt geen telefoonnummer. Typ een nummer zoals 06 12345678 of +31 6 12345678.", badPhone.Describe());
        var summary = BookingTestHost.Visible(await client.SendActivityAsync("06 12345678"));
        Assert.Contains("Zal ik dit verzoek versturen?", summary);
    }

    [Fact]
    public async Task Saying_no_at_the_end_sends_and_keeps_nothing()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await WalkToConfirmAsync(client, "c1", Canaries.Pseudonym);

        var stopped = await client.SendValueAsync(new { confirm = false });

        Assert.Equal("Goed, ik heb niets verstuurd en niets bewaard. Dit chatgesprek zelf bewaart de gemeente in Teams.", stopped.Describe());
        Assert.Empty(await ToListAsync(_host.LocalCalendar.ListAsync(CancellationToken.None)));
        Assert.Empty(await _host.ItemsAsync(BookingRecord.Partition));
        Assert.Empty(await _host.ItemsAsync("slot-c1"));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
    }

    [Fact]
    public async Task Key_Vault_unavailable_at_confirm_gives_a_clear_message_and_stores_nothing()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await WalkToConfirmAsync(client, "c1", Canaries.Pseudonym);
        _host.Keys.AllFail = true;

        var reply = await client.SendValueAsync(new { confirm = true });

        Assert.Equal("Het lukt op dit moment niet om de afspraak te maken. Er is niets verstuurd en niets bewaard. Probeer het over een paar minuten opnieuw. Dit chatgesprek zelf bewaart de gemeente in Teams.", reply.Describe());
        await AssertNothingBookedAsync();
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose));
    }

    [Fact]
    public async Task Sealing_failing_after_the_slot_was_claimed_undoes_the_claim()
    {
        var person = BookingTestHost.Person();
        _host.Keys.DataKeyFails = true;

        await Assert.ThrowsAsync<ConfidantBot.Privacy.Keys.KeyUnavailableException>(() => _host.Bookings.BookAsync(
            new BookingRequest("c1", Instant.FromUtc(2027, 3, 24, 12, 0), MeetingMode.Online, "Merel", null, ConfidantBot.Roster.Audience.Employees),
            person, Canaries.TenantId, Canaries.EntraObjectId, CancellationToken.None));

        await AssertNothingBookedAsync();
    }

    [Fact]
    public async Task Two_people_booking_the_same_slot_at_the_same_moment_one_wins()
    {
        var request = new BookingRequest("c1", Instant.FromUtc(2027, 3, 24, 12, 0), MeetingMode.Online, "Merel", null, ConfidantBot.Roster.Audience.Employees);
        var first = _host.Bookings.BookAsync(request, BookingTestHost.Person("a:conv-1", "29:user-1", "11111111-1111-4111-8111-111111111111"), Canaries.TenantId, "11111111-1111-4111-8111-111111111111", CancellationToken.None);
        var second = _host.Bookings.BookAsync(request with { Pseudonym = "Sam" }, BookingTestHost.Person("a:conv-2", "29:user-2", "22222222-2222-4222-8222-222222222222"), Canaries.TenantId, "22222222-2222-4222-8222-222222222222", CancellationToken.None);

        var outcomes = await Task.WhenAll(Outcome(first), Outcome(second));

        Assert.Equal(1, outcomes.Count(o => o == "booked"));
        Assert.Equal(1, outcomes.Count(o => o == "taken"));
        Assert.Single(await _host.ItemsAsync(BookingRecord.Partition));
        Assert.Single(await ToListAsync(_host.LocalCalendar.ListAsync(CancellationToken.None)));
        Assert.Single(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));

        static async Task<string> Outcome(Task<BookingConfirmation> booking)
        {
            try
            {
                await booking;
                return "booked";
            }
            catch (SlotTakenException)
            {
                return "taken";
            }
        }
    }

    [Fact]
    public async Task Two_people_confirming_the_same_slot_at_once_through_the_dialog_one_is_offered_fresh_slots_and_can_book_one()
    {
        var alice = _host.Client(_host.NewBookingDialog(), BookingTestHost.Person("a:conv-alice", "29:alice", "11111111-1111-4111-8111-111111111111"));
        var bob = _host.Client(_host.NewBookingDialog(), BookingTestHost.Person("a:conv-bob", "29:bob", "22222222-2222-4222-8222-222222222222"));
        await WalkToConfirmAsync(alice, "c1", "Merel");
        await WalkToConfirmAsync(bob, "c1", "Sam");

        var replies = await Task.WhenAll(alice.SendValueAsync(new { confirm = true }), bob.SendValueAsync(new { confirm = true }));

        var texts = replies.Select(BookingTestHost.Visible).ToList();
        Assert.Single(texts, t => t.Contains("Je verzoek is verstuurd", StringComparison.Ordinal));
        var loser = Assert.Single(texts, t => t.Contains("Iemand anders heeft deze tijd net geboekt", StringComparison.Ordinal));
        Assert.DoesNotContain("[woensdag 24 maart om 13:00]", replies[texts.IndexOf(loser)].Describe());
        Assert.Contains("[woensdag 24 maart om 14:00]", replies[texts.IndexOf(loser)].Describe());

        var loserClient = texts.IndexOf(loser) == 0 ? alice : bob;
        var summary = BookingTestHost.Visible(await loserClient.SendValueAsync(new { choice = "0" }));
        Assert.Contains("woensdag 24 maart om 14:00", summary);
        Assert.Contains("Zal ik dit verzoek versturen?", summary);
        var booked = BookingTestHost.Visible(await loserClient.SendValueAsync(new { confirm = true }));
        Assert.Contains("Je verzoek is verstuurd", booked);
        Assert.Equal(2, (await _host.ItemsAsync(BookingRecord.Partition)).Count);
    }

    private async Task AssertNothingBookedAsync()
    {
        Assert.Empty(await _host.ItemsAsync(BookingRecord.Partition));
        Assert.Empty(await _host.ItemsAsync("slot-c1"));
        Assert.Empty(await _host.ItemsAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking));
        Assert.Empty(await ToListAsync(_host.LocalCalendar.ListAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task A_typed_real_name_is_refused_kindly_with_a_generated_pseudonym_to_take()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "c1" });
        await client.SendValueAsync(new { choice = "0" });
        var question = await client.SendValueAsync(new { choice = nameof(MeetingMode.Online) });
        Assert.Contains("dus niet je eigen naam", question.Describe());

        var refused = (await client.SendActivityAsync("Ik ben Sanne Verhoeven van Burgerzaken")).Describe();

        Assert.StartsWith("Dat lijkt op een echte naam, en daaraan kan de vertrouwenspersoon je herkennen.", refused);
        var offered = Regex.Match(refused, @"\[Gebruik '([^']+)'\]").Groups[1].Value;
        Assert.Contains(offered, ConfidantBot.Booking.Dialogs.PseudonymRules.SuggestionList);
        var summary = BookingTestHost.Visible(await client.SendValueAsync(new { pseudonym = offered }));
        Assert.Contains(offered, summary);
        Assert.DoesNotContain("Verhoeven", summary);
    }

    [Fact]
    public async Task Before_the_number_is_typed_the_person_can_choose_to_call_the_confidant_and_no_number_is_asked_or_sent()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "c1" });
        await client.SendValueAsync(new { choice = "0" });
        await client.SendValueAsync(new { choice = nameof(MeetingMode.PhoneConfidantCalls) });
        var phoneQuestion = await client.SendActivityAsync("Merel");
        Assert.Contains("[Ik bel liever zelf de vertrouwenspersoon]", phoneQuestion.Describe());

        var summary = BookingTestHost.Visible(await client.SendValueAsync(new { otherMode = nameof(MeetingMode.PhonePersonCalls) }));
        Assert.Contains("jij belt de vertrouwenspersoon op 020 1234567", summary);
        await client.SendValueAsync(new { confirm = true });

        var calendarEvent = Assert.Single(await ToListAsync(_host.LocalCalendar.ListAsync(CancellationToken.None)));
        Assert.Equal(MeetingMode.PhonePersonCalls, calendarEvent.Mode);
        Assert.Null(calendarEvent.PhoneNumberToCall);
    }

    [Fact]
    public async Task A_draft_that_expired_before_the_number_was_typed_is_erased_from_the_file_as_the_bot_says()
    {
        var client = _host.Client(_host.NewBookingDialog());
        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = "c1" });
        await client.SendValueAsync(new { choice = "0" });
        await client.SendValueAsync(new { choice = nameof(MeetingMode.PhoneConfidantCalls) });
        await client.SendActivityAsync("Merel");
        Assert.Equal(1, await DraftRowsInTheFileAsync());

        // The conversation stays alive (a message every few minutes), the draft's half hour runs out.
        _host.Clock.Advance(BookingDraftStore.Lifetime - TimeSpan.FromMinutes(2));
        await client.SendActivityAsync("geen nummer");
        _host.Clock.Advance(TimeSpan.FromMinutes(3));
        var reply = await client.SendActivityAsync(Canaries.PhoneNumber);

        Assert.Equal("Dat duurde even, dus ik heb je gegevens al gewist. Begin opnieuw met 'afspraak'. Dit chatgesprek zelf bewaart de gemeente in Teams.", reply.Describe());
        Assert.Equal(0, await DraftRowsInTheFileAsync());
        await AssertNothingBookedAsync();
    }

    /// <summary>Draft rows as SQLite holds them, expired or not (the store itself hides expired ones).</summary>
    private async Task<long> DraftRowsInTheFileAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_host.StorePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM items WHERE partition = $partition";
        command.Parameters.AddWithValue("$partition", SealedRoutingStore.RecordPartitionPrefix + BookingDraftStore.Purpose);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task WalkToConfirmAsync(DialogTestClient client, string confidantId, string pseudonym, MeetingMode mode = MeetingMode.Online)
    {
        await client.SendActivityAsync("afspraak");
        await client.SendValueAsync(new { choice = confidantId });
        await client.SendValueAsync(new { choice = "0" });
        await client.SendValueAsync(new { choice = mode.ToString() });
        var summary = await client.SendActivityAsync(pseudonym);
        Assert.Contains("Zal ik dit verzoek versturen?", BookingTestHost.Visible(summary));
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Begun_for_one_confidant_it_skips_the_list_and_goes_straight_to_their_times()
    {
        var root = new ConfidantBot.BotFramework.Dialogs.ComponentDialog("root");
        root.AddDialog(new ConfidantBot.BotFramework.Dialogs.WaterfallDialog("start")
            .AddStep((step, ct) => step.BeginDialogAsync(BookingDialog.Id, new BookingDialogOptions("c2", ConfidantBot.Roster.Audience.Employees), ct)));
        root.AddDialog(_host.NewBookingDialog());
        var client = _host.Client(root);

        var slots = await client.SendActivityAsync("afspraak");

        Assert.StartsWith("Wanneer past het je?", slots.Describe());
        Assert.DoesNotContain("Anna de Wit", slots.Describe());
    }

    [Fact]
    public async Task An_English_locale_gets_English_texts()
    {
        var person = BookingTestHost.Person();
        person.Locale = "en-GB";
        var client = _host.Client(_host.NewBookingDialog(), person);

        Assert.Contains("Who would you like to talk to?", (await client.SendActivityAsync("book")).Describe());
        Assert.Contains("[Wednesday 24 March at 13:00]", (await client.SendValueAsync(new { choice = "c1" })).Describe());
    }

    [Fact]
    public async Task A_person_without_a_Teams_identity_is_told_why_booking_cannot_start()
    {
        var person = BookingTestHost.Person();
        person.User!.AadObjectId = null;
        var client = _host.Client(_host.NewBookingDialog(), person);

        var reply = await client.SendActivityAsync("afspraak");

        Assert.StartsWith("Ik kan je Teams-account niet herkennen", reply.Describe());
        Assert.Equal(ConfidantBot.BotFramework.Dialogs.DialogTurnStatus.Complete, client.LastResult!.Status);
    }
}
