using ConfidantBot.Roster;
using NodaTime;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// How the booking conversation is begun: an optional confidant (from a "book" button), the person's
/// audience, and the kind of confidant when a route's button asks for one (null: any kind).
/// </summary>
public sealed record BookingDialogOptions(string? ConfidantId, Audience Audience, ConfidantKind? Kind = null);

/// <summary>A slot as dialog state keeps it: a confidant id and a start time, nothing else.</summary>
public sealed record SlotChoice(string ConfidantId, long StartUnixMilliseconds)
{
    public Instant Start => Instant.FromUnixTimeMilliseconds(StartUnixMilliseconds);

    public static SlotChoice From(Availability.Slot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return new SlotChoice(slot.ConfidantId, slot.Start.ToUnixTimeMilliseconds());
    }
}

/// <summary>One page of slots to choose from.</summary>
public sealed record SlotPageOptions(IReadOnlyList<SlotChoice> Slots, int Page, bool ShowConfidant);

/// <summary>Everything chosen so far, as ids and enums; the typed pseudonym and phone number are in the sealed draft.</summary>
public sealed record BookingChoices(string ConfidantChoice, Audience Audience, SlotChoice Slot, MeetingMode Mode, string DraftId, ConfidantKind? Kind = null);
