using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Privacy.Sealing;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// What the person typed during the booking conversation (pseudonym, phone number) is sealed here
/// at once, under the person's look-up hash, and lives at most <see cref="Lifetime"/>. Dialog state
/// keeps only the draft's random id, so the conversation store never holds typed text.
/// </summary>
public sealed class BookingDraftStore(SealedRoutingStore routing, PersonKeyHasher hasher, TimeProvider clock)
{
    public const string Purpose = "booking-draft";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>Seals a new draft (or replaces <paramref name="draftId"/>'s) and returns its id.</summary>
    /// <exception cref="Privacy.Keys.KeyUnavailableException">Nothing was stored.</exception>
    public async Task<string> SaveAsync(string? draftId, ConversationReference conversation, PersonIdentity person, string pseudonym, MeetingMode mode, string? phoneNumber, CancellationToken cancellationToken)
    {
        var id = draftId ?? ReferenceCodes.NewBookingId();
        var owner = await hasher.HashAsync(person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        var record = RoutingRecord.Create(conversation, pseudonym, mode, phoneNumber);
        await routing.SaveAsync(id, Purpose, record, owner, clock.GetUtcNow() + Lifetime, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>The draft, or null when it expired or was deleted.</summary>
    public Task<RoutingRecord?> OpenAsync(string draftId, CancellationToken cancellationToken)
        => routing.OpenAsync(draftId, Purpose, cancellationToken);

    /// <summary>Deletes the draft; works without keys too (the index entry then expires with it).</summary>
    public async Task DeleteAsync(string? draftId, PersonIdentity person, CancellationToken cancellationToken)
    {
        if (draftId is null)
        {
            return;
        }

        PersonHash? owner = null;
        try
        {
            owner = await hasher.HashAsync(person.TenantId, person.AadObjectId, cancellationToken).ConfigureAwait(false);
        }
        catch (Privacy.Keys.KeyUnavailableException)
        {
            // Deleting must not depend on the keys; the index entry expires within the draft's lifetime.
        }

        await routing.DeleteAsync(draftId, Purpose, owner, cancellationToken).ConfigureAwait(false);
    }
}
