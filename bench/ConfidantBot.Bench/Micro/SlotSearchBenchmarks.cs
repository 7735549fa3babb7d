using BenchmarkDotNet.Attributes;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Bench.Micro;

/// <summary>Slot search over the whole roster: 100 confidants, 3 weeks ahead, with bookings.</summary>
[MemoryDiagnoser]
public class SlotSearchBenchmarks
{
    private const int Confidants = 100;
    private SlotFinder _finder = null!;
    private Confidant[] _roster = null!;
    private IReadOnlyCollection<TimeRange>[] _busy = null!;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        _finder = new SlotFinder(Options.Create(new AvailabilityOptions()), new DutchHolidays());
        _now = Instant.FromUtc(2026, 3, 16, 8, 0);
        var random = new Random(42);
        _roster = [.. Enumerable.Range(0, Confidants).Select(i => Confidant(i))];
        // About ten bookings per confidant over the three weeks, each one slot long, plus a busy half day.
        _busy = [.. Enumerable.Range(0, Confidants).Select(_ => (IReadOnlyCollection<TimeRange>)[.. Bookings(random)])];
    }

    [Benchmark(Description = "FindSlots, 100 confidants x 3 weeks")]
    public int WholeRoster()
    {
        var found = 0;
        for (var i = 0; i < _roster.Length; i++)
        {
            found += _finder.FindSlots(_roster[i], _now, _busy[i]).Count;
        }

        return found;
    }

    [Benchmark(Description = "FindSlots, 1 confidant x 3 weeks")]
    public int OneConfidant() => _finder.FindSlots(_roster[0], _now, _busy[0]).Count;

    private IEnumerable<TimeRange> Bookings(Random random)
    {
        for (var booking = 0; booking < 10; booking++)
        {
            var day = random.Next(0, 21);
            var hour = random.Next(9, 16);
            var start = _now.Plus(Duration.FromDays(day)).Plus(Duration.FromHours(hour - 8));
            yield return new TimeRange(start, start.Plus(Duration.FromMinutes(45)));
        }

        var busyDay = _now.Plus(Duration.FromDays(random.Next(0, 21)));
        yield return new TimeRange(busyDay, busyDay.Plus(Duration.FromHours(4)));
    }

    private static Confidant Confidant(int index) => new()
    {
        Id = $"c{index:D3}",
        DisplayName = $"Vertrouwenspersoon {index}",
        Organisation = "Extern bureau",
        Kind = ConfidantKind.External,
        Audiences = [Audience.Employees],
        Languages = ["nl"],
        Bio = new LocalizedText("Bio", "Bio"),
        InvitationEmail = $"vp{index}@example.org",
        ConsultationHours =
        [
            new ConsultationHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new ConsultationHours(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(17, 0)),
            new ConsultationHours(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(17, 0)),
            new ConsultationHours(DayOfWeek.Wednesday, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new ConsultationHours(DayOfWeek.Thursday, new TimeOnly(9, 0), new TimeOnly(17, 0)),
            new ConsultationHours(DayOfWeek.Friday, new TimeOnly(9, 0), new TimeOnly(15, 0)),
        ],
    };
}
