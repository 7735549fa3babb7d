using ConfidantBot.Roster;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Booking.Availability;

/// <summary>
/// Turns a confidant's weekly consultation hours into bookable slots: slot length plus buffer,
/// no slot within the lead time, none past the horizon, none on a Dutch public holiday, none that
/// touches a busy period (booked or from the calendar), in Europe/Amsterdam across DST changes.
/// </summary>
public sealed class SlotFinder
{
    private readonly AvailabilityOptions _options;
    private readonly DateTimeZone _zone;
    private readonly DutchHolidays _holidays;

    public SlotFinder(IOptions<AvailabilityOptions> options, DutchHolidays holidays)
    {
        _options = options.Value;
        _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(_options.TimeZone)
            ?? throw new InvalidOperationException($"Availability:TimeZone '{_options.TimeZone}' is not a known IANA time zone (e.g. Europe/Amsterdam).");
        _holidays = holidays;
    }

    public DateTimeZone Zone => _zone;

    /// <summary>No talk starts sooner than this after a request (<c>Availability:LeadTime</c>).</summary>
    public Duration LeadTime => Duration.FromTimeSpan(_options.LeadTime);

    /// <summary>Whether a talk may still be booked to start at <paramref name="start"/>: in the future and at least the lead time away.</summary>
    public bool IsBookableStart(Instant start, Instant now) => start >= now + LeadTime && start > now;

    /// <summary>
    /// The span whose busy periods can affect the slots offered at <paramref name="now"/>: up to the
    /// horizon plus one day for the last talk and its buffer (at most 61 days, so one getSchedule window).
    /// </summary>
    public TimeRange SearchWindow(Instant now) => new(now, now + Duration.FromTimeSpan(_options.Horizon) + Duration.FromDays(1));

    /// <summary>Free slots of one confidant, earliest first.</summary>
    /// <param name="busy">Busy periods, in any order.</param>
    public IReadOnlyList<Slot> FindSlots(Confidant confidant, Instant now, IReadOnlyCollection<TimeRange> busy)
    {
        var earliest = now + Duration.FromTimeSpan(_options.LeadTime);
        var latest = now + Duration.FromTimeSpan(_options.Horizon);
        var slotLength = Period.FromMinutes(confidant.SlotMinutes);
        var step = Period.FromMinutes(confidant.SlotMinutes + confidant.BufferMinutes);
        var buffer = Duration.FromMinutes(confidant.BufferMinutes);
        var busyMerged = Merge(busy);

        var slots = new List<Slot>();
        var firstDate = earliest.InZone(_zone).Date;
        var lastDate = latest.InZone(_zone).Date;
        for (var date = firstDate; date <= lastDate; date = date.PlusDays(1))
        {
            if (_holidays.IsHoliday(date))
            {
                continue;
            }

            foreach (var hours in confidant.ConsultationHours)
            {
                if (hours.Day != ToDayOfWeek(date.DayOfWeek))
                {
                    continue;
                }

                var blockStart = date + LocalTime.FromTimeOnly(hours.Start);
                var blockEnd = date + LocalTime.FromTimeOnly(hours.End);
                if (TryFixedOffset(blockStart, blockEnd, out var offset))
                {
                    AddSlotsAtFixedOffset(slots, confidant, blockStart.WithOffset(offset).ToInstant(), blockEnd.WithOffset(offset).ToInstant(), earliest, latest, busyMerged);
                    continue;
                }

                for (var start = blockStart; start + slotLength <= blockEnd; start += step)
                {
                    // A start in the spring-forward gap does not exist; in the autumn overlap the first occurrence is meant.
                    var mapping = _zone.MapLocal(start);
                    if (mapping.Count == 0)
                    {
                        continue;
                    }

                    var startInstant = mapping.First().ToInstant();
                    var endInstant = _zone.AtLeniently(start + slotLength).ToInstant();
                    if (startInstant < earliest || startInstant >= latest)
                    {
                        continue;
                    }

                    var candidate = new TimeRange(startInstant - buffer, endInstant + buffer);
                    if (!OverlapsAny(busyMerged, candidate))
                    {
                        slots.Add(new Slot(confidant.Id, startInstant, endInstant));
                    }
                }
            }
        }

        slots.Sort((a, b) => a.Start.CompareTo(b.Start));
        return slots;
    }

    /// <summary>
    /// True when the whole block lies in one zone interval (no DST change inside it), the case on
    /// all but two days a year: then every slot is the block start plus whole steps, without
    /// mapping each local time through the time zone (most of the search time otherwise).
    /// </summary>
    private bool TryFixedOffset(LocalDateTime blockStart, LocalDateTime blockEnd, out Offset offset)
    {
        var first = _zone.MapLocal(blockStart);
        var last = _zone.MapLocal(blockEnd);
        offset = first.Count == 1 ? first.EarlyInterval.WallOffset : default;
        return first.Count == 1 && last.Count == 1 && first.EarlyInterval.Equals(last.EarlyInterval);
    }

    private static void AddSlotsAtFixedOffset(List<Slot> slots, Confidant confidant, Instant blockStart, Instant blockEnd, Instant earliest, Instant latest, TimeRange[] busyMerged)
    {
        var slotLength = Duration.FromMinutes(confidant.SlotMinutes);
        var step = Duration.FromMinutes(confidant.SlotMinutes + confidant.BufferMinutes);
        var buffer = Duration.FromMinutes(confidant.BufferMinutes);
        for (var start = blockStart; start + slotLength <= blockEnd; start += step)
        {
            if (start < earliest || start >= latest)
            {
                continue;
            }

            var end = start + slotLength;
            if (!OverlapsAny(busyMerged, new TimeRange(start - buffer, end + buffer)))
            {
                slots.Add(new Slot(confidant.Id, start, end));
            }
        }
    }

    /// <summary>Sorted, non-overlapping busy ranges, so both starts and ends are ordered for a binary search.</summary>
    private static TimeRange[] Merge(IReadOnlyCollection<TimeRange> busy)
    {
        var sorted = busy.ToArray();
        Array.Sort(sorted, static (a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<TimeRange>(sorted.Length);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = Instant.Max(last.End, range.End) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return [.. merged];
    }

    private static bool OverlapsAny(TimeRange[] busyMerged, TimeRange candidate)
    {
        int low = 0, high = busyMerged.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (busyMerged[mid].End <= candidate.Start)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low < busyMerged.Length && busyMerged[low].Overlaps(candidate);
    }

    private static DayOfWeek ToDayOfWeek(IsoDayOfWeek day) => day == IsoDayOfWeek.Sunday ? DayOfWeek.Sunday : (DayOfWeek)(int)day;
}
