using System.Collections.Concurrent;
using NodaTime;
using PublicHoliday;

namespace ConfidantBot.Booking.Availability;

/// <summary>Dutch public holidays (PublicHoliday package), cached per year.</summary>
public sealed class DutchHolidays
{
    private readonly DutchPublicHoliday _calendar = new();
    private readonly ConcurrentDictionary<int, HashSet<LocalDate>> _byYear = new();

    public bool IsHoliday(LocalDate date) => _byYear.GetOrAdd(date.Year, Load).Contains(date);

    private HashSet<LocalDate> Load(int year)
        => _calendar.PublicHolidays(year).Select(LocalDate.FromDateTime).ToHashSet();
}
