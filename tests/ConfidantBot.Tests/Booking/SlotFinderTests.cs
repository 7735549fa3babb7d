using ConfidantBot.Booking.Availability;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace ConfidantBot.Tests.Booking;

public class SlotFinderTests
{
    private static readonly SlotFinder Finder = new(Options.Create(new AvailabilityOptions()), new DutchHolidays());

    // Monday 2027-03-22 09:00 in Amsterdam. Summer time starts on Sunday 28 March, and Monday 29 March is Easter Monday.
    private static readonly Instant Now = Utc("2027-03-22T08:00:00Z");

    private static Confidant MondayAndTuesdayConfidant() => new()
    {
        Id = "c1",
        DisplayName = "Example",
        Organisation = "Example BV",
        Kind = ConfidantKind.External,
        Audiences = [Audience.Employees],
        Languages = ["nl"],
        Bio = new LocalizedText("bio", "bio"),
        InvitationEmail = "example@example.org",
        ConsultationHours =
        [
            new ConsultationHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(11, 0)),
            new ConsultationHours(DayOfWeek.Tuesday, new TimeOnly(14, 0), new TimeOnly(15, 0)),
        ],
        SlotMinutes = 45,
        BufferMinutes = 15,
    };

    [Fact]
    public void Slots_follow_Amsterdam_time_across_the_summer_time_change_and_skip_Easter_Monday()
    {
        var slots = Finder.FindSlots(MondayAndTuesdayConfidant(), Now, []);

        string[] expected =
        [
            "2027-03-23T13:00:00Z", // Tue 14:00 CET; Monday's 09:00 and 10:00 fall within the 4-hour lead time
            "2027-03-30T12:00:00Z", // Tue 14:00 CEST; Monday 29 March is Easter Monday
            "2027-04-05T07:00:00Z", // Mon 09:00 CEST
            "2027-04-05T08:00:00Z", // Mon 10:00 CEST (45 min talk + 15 min buffer)
            "2027-04-06T12:00:00Z",
            "2027-04-12T07:00:00Z", // the last start before the 3-week horizon
        ];
        Assert.Equal(expected, slots.Select(slot => InstantPattern.General.Format(slot.Start)));
        Assert.All(slots, slot => Assert.Equal(Duration.FromMinutes(45), slot.End - slot.Start));
    }

    [Fact]
    public void A_booked_talk_and_its_buffer_block_only_the_slots_they_touch()
    {
        TimeRange[] busy =
        [
            new(Utc("2027-04-05T07:00:00Z"), Utc("2027-04-05T07:45:00Z")),
            new(Utc("2027-04-06T12:50:00Z"), Utc("2027-04-06T12:55:00Z")), // inside the buffer after the 14:00 talk
        ];

        var slots = Finder.FindSlots(MondayAndTuesdayConfidant(), Now, busy).Select(slot => InstantPattern.General.Format(slot.Start)).ToList();

        Assert.DoesNotContain("2027-04-05T07:00:00Z", slots);
        Assert.Contains("2027-04-05T08:00:00Z", slots);
        Assert.DoesNotContain("2027-04-06T12:00:00Z", slots);
        Assert.Contains("2027-04-12T07:00:00Z", slots);
    }

    [Fact]
    public void Kings_Day_and_Christmas_have_no_slots()
    {
        var everyDay = MondayAndTuesdayConfidant() with
        {
            ConsultationHours = Enum.GetValues<DayOfWeek>().Select(day => new ConsultationHours(day, new TimeOnly(9, 0), new TimeOnly(10, 0))).ToList(),
        };

        var aroundKingsDay = Finder.FindSlots(everyDay, Utc("2027-04-20T00:00:00Z"), []);
        var aroundChristmas = Finder.FindSlots(everyDay, Utc("2026-12-20T00:00:00Z"), []);

        Assert.DoesNotContain(aroundKingsDay, slot => slot.Start.InUtc().Date == new LocalDate(2027, 4, 27));
        Assert.Contains(aroundKingsDay, slot => slot.Start.InUtc().Date == new LocalDate(2027, 4, 26));
        Assert.DoesNotContain(aroundChristmas, slot => slot.Start.InUtc().Date == new LocalDate(2026, 12, 25));
        Assert.DoesNotContain(aroundChristmas, slot => slot.Start.InUtc().Date == new LocalDate(2026, 12, 26));
        Assert.Contains(aroundChristmas, slot => slot.Start.InUtc().Date == new LocalDate(2026, 12, 24));
    }

    [Fact]
    public void A_slot_in_the_spring_forward_gap_does_not_exist_and_the_autumn_overlap_is_offered_once()
    {
        var night = MondayAndTuesdayConfidant() with
        {
            ConsultationHours = [new ConsultationHours(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0))],
            SlotMinutes = 30,
            BufferMinutes = 30,
        };

        var spring = Finder.FindSlots(night, Utc("2027-03-27T00:00:00Z"), []).Where(slot => slot.Start < Utc("2027-03-29T00:00:00Z"));
        var autumn = Finder.FindSlots(night, Utc("2026-10-24T00:00:00Z"), []).Where(slot => slot.Start < Utc("2026-10-26T00:00:00Z"));

        // 28 March 2027: 01:00 CET and 03:00 CEST exist, 02:00 does not.
        Assert.Equal(["2027-03-28T00:00:00Z", "2027-03-28T01:00:00Z"], spring.Select(slot => InstantPattern.General.Format(slot.Start)));
        // 25 October 2026: 01:00 CEST, 02:00 (first occurrence, CEST), 03:00 CET.
        Assert.Equal(["2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"], autumn.Select(slot => InstantPattern.General.Format(slot.Start)));
    }

    private static Instant Utc(string text) => InstantPattern.General.Parse(text).Value;
}
