using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Privacy.Keys;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// Makes "Ja, verstuur" idempotent per summary: the first press claims the summary's draft with a
/// create-only write and records the reference code once the request is sent; a second press (a
/// double click, a second instance, a retried submit) finds the claim and is told "already sent"
/// with that reference. The key is an HMAC of the draft id under the HMAC key, so nothing in the
/// store links a conversation (whose state held the draft id) to a booking without the key.
/// </summary>
public sealed class ConfirmationClaims(IStorage storage, IKeyProvider keys, TimeProvider clock)
{
    public const string Partition = "booking-confirmed";

    /// <summary>How long a sent summary answers a repeated press.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(150);

    /// <summary>True when this press is the first for the draft and may send the request.</summary>
    /// <exception cref="KeyUnavailableException">Nothing was claimed.</exception>
    public async Task<bool> TryClaimAsync(string draftId, CancellationToken cancellationToken)
    {
        try
        {
            await storage.WriteAsync(await KeyAsync(draftId, cancellationToken).ConfigureAwait(false), Serialize(new Claim(null)), ifMatch: null, clock.GetUtcNow() + Lifetime, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }

    /// <summary>The request was sent: later presses are told this reference.</summary>
    public async Task CompleteAsync(string draftId, string referenceCode, CancellationToken cancellationToken)
        => await storage.WriteAsync(await KeyAsync(draftId, cancellationToken).ConfigureAwait(false), Serialize(new Claim(referenceCode)), ETags.Any, clock.GetUtcNow() + Lifetime, cancellationToken).ConfigureAwait(false);

    /// <summary>Sending failed (nothing was stored): a later press may try again.</summary>
    public async Task ReleaseAsync(string draftId)
    {
        try
        {
            await storage.DeleteAsync(await KeyAsync(draftId, CancellationToken.None).ConfigureAwait(false), ETags.Any, CancellationToken.None).ConfigureAwait(false);
        }
        catch (KeyUnavailableException)
        {
            // The claim expires with its lifetime; until then a press is told it was sent, which a retry corrects.
        }
    }

    /// <summary>Whether the draft was claimed, and its reference once sent; waits up to <paramref name="wait"/> for a press still sending.</summary>
    public async Task<(bool Claimed, string? ReferenceCode)> FindAsync(string draftId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(draftId, cancellationToken).ConfigureAwait(false);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var item = await storage.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            var claim = item is null ? null : JsonSerializer.Deserialize<Claim>(item.Data.Span);
            if (claim is null || claim.ReferenceCode is not null || waited.Elapsed >= wait)
            {
                return (claim is not null, claim?.ReferenceCode);
            }

            await Task.Delay(WaitStep, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StorageKey> KeyAsync(string draftId, CancellationToken cancellationToken)
    {
        var key = await keys.GetHmacKeyAsync(cancellationToken).ConfigureAwait(false);
        var hash = HMACSHA256.HashData(key.Material.Span, Encoding.UTF8.GetBytes("booking-confirmed\n" + draftId));
        return new StorageKey(Partition, Convert.ToHexStringLower(hash));
    }

    private static byte[] Serialize(Claim claim) => JsonSerializer.SerializeToUtf8Bytes(claim);

    private sealed record Claim(string? ReferenceCode);
}
