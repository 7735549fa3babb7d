using ConfidantBot.Booking.Calendar;
using ConfidantBot.Roster;
using NodaTime;

namespace ConfidantBot.Booking;

public enum BookingStatus
{
    Requested,
    Accepted,
    Declined,
    Tentative,
    NewTimeProposed,
    Cancelled,
}

/// <summary>
/// A booking as the bot keeps it: no pseudonym, no phone number, no identity. What is needed to
/// reach the person lives in the sealed routing record with the same id.
/// </summary>
public sealed record BookingRecord
{
    public const string Partition = "booking";

    public required string BookingId { get; init; }
    public required string ReferenceCode { get; init; }
    public required string ConfidantId { get; init; }
    public required ConfidantKind ConfidantKind { get; init; }
    public required Audience Audience { get; init; }
    public required Instant Start { get; init; }
    public required Instant End { get; init; }
    public required MeetingMode Mode { get; init; }
    public required BookingStatus Status { get; init; }
    public string? EventId { get; init; }
    public string? JoinUrl { get; init; }
    public required Instant CreatedAt { get; init; }
    public AttendeeAnswer RelayedAnswer { get; init; }
    public Instant? ProposedStart { get; init; }
    public Instant? ReminderSentAt { get; init; }

    /// <summary>The answer (Accepted or Declined) already added to the figures; survives a relay that gives its claim back, so a retry does not count again.</summary>
    public BookingStatus? CountedAnswer { get; init; }

    /// <summary>The first answer (accepted, declined or a new time) was added to the figures with its day bucket; set once, survives a given-back claim.</summary>
    public bool FirstAnswerCounted { get; init; }

    /// <summary>A proposal of another time was added to the figures; set once, so a second proposal is not counted again.</summary>
    public bool NewTimeCounted { get; init; }

    /// <summary>The talk's end has passed and it was added to the figures as held (set once, by the instance whose write won).</summary>
    public bool HeldCounted { get; init; }

    /// <summary>How many answers of the confidant were relayed; each new answer (a change of mind too) is one version, relayed once.</summary>
    public int AnswerVersion { get; init; }

    /// <summary>When a decline was relayed: the decline grace period runs from here.</summary>
    public Instant? DeclinedAt { get; init; }

    /// <summary>The organiser's event was removed (after a decline's grace period, or a rebooking); the relay stops watching.</summary>
    public bool EventRemoved { get; init; }

    public bool IsOpen => Status is BookingStatus.Requested or BookingStatus.Tentative or BookingStatus.NewTimeProposed;

    /// <summary>
    /// Whether the relay still reads the confidant's answer: any booking with a live event until the
    /// talk starts (an accepted one may still be declined), and a declined one until its event is removed.
    /// </summary>
    public bool IsWatched(Instant now)
        => EventId is not null && !EventRemoved && Status != BookingStatus.Cancelled && (Start > now || Status == BookingStatus.Declined);
}

/// <summary>What the person asked for in the booking conversation.</summary>
public sealed record BookingRequest(
    string ConfidantId,
    Instant Start,
    MeetingMode Mode,
    string Pseudonym,
    string? PhoneNumber,
    Audience Audience);

public sealed record BookingConfirmation(string BookingId, string ReferenceCode, Instant Start, Instant End, MeetingMode Mode, string? JoinUrl, string ConfidantName);

/// <summary>Someone else booked the slot a moment earlier; offer fresh slots.</summary>
public sealed class SlotTakenException() : Exception("The slot was booked by someone else a moment earlier.");
