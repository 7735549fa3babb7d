using NodaTime;

namespace ConfidantBot.Booking.Availability;

/// <summary>A half-open span of time [Start, End).</summary>
public readonly record struct TimeRange(Instant Start, Instant End)
{
    public bool Overlaps(TimeRange other) => Start < other.End && other.Start < End;
}

/// <summary>A time a confidant can be booked.</summary>
public sealed record Slot(string ConfidantId, Instant Start, Instant End)
{
    public TimeRange Range => new(Start, End);
}
