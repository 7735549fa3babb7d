using System.Security.Cryptography;
using System.Text;
using ConfidantBot.Privacy.Keys;

namespace ConfidantBot.Privacy.Sealing;

/// <summary>
/// Seals and opens records with AES-256-GCM under the current data key. The associated data binds
/// a sealed record to its purpose and record id: a record copied under another id, or opened for
/// another purpose, fails to open instead of being read as someone else's.
/// </summary>
public sealed class RoutingSealer(IKeyProvider keys)
{
    private const string AssociatedDataLabel = "confidantbot/sealed-record";

    public async ValueTask<SealedRecord> SealAsync(string recordId, string purpose, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        RecordNames.ThrowIfInvalid(recordId, purpose);
        var key = await keys.GetCurrentDataKeyAsync(cancellationToken).ConfigureAwait(false);

        var nonce = RandomNumberGenerator.GetBytes(SealedRecord.NonceLength);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[SealedRecord.TagLength];
        var header = new SealedRecord(SealedRecord.CurrentFormat, key.Version, nonce, ReadOnlyMemory<byte>.Empty, tag).Header();

        using (var aes = new AesGcm(key.Material.Span, SealedRecord.TagLength))
        {
            aes.Encrypt(nonce, plaintext.Span, ciphertext, tag, AssociatedData(header, recordId, purpose));
        }

        return new SealedRecord(SealedRecord.CurrentFormat, key.Version, nonce, ciphertext, tag);
    }

    /// <exception cref="SealedRecordException">Tampered, misplaced, or sealed with an unknown key version.</exception>
    /// <exception cref="KeyUnavailableException">The key store cannot be reached: try again later.</exception>
    public async ValueTask<byte[]> OpenAsync(string recordId, string purpose, SealedRecord record, CancellationToken cancellationToken = default)
    {
        RecordNames.ThrowIfInvalid(recordId, purpose);
        ReadOnlyMemory<byte> key;
        try
        {
            key = await keys.GetDataKeyAsync(record.KeyVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (UnknownKeyVersionException ex)
        {
            throw new SealedRecordException(
                SealedRecordProblem.UnknownKeyVersion,
                $"The record was sealed with key version '{record.KeyVersion}', which the key store does not have.",
                ex);
        }

        var plaintext = new byte[record.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key.Span, SealedRecord.TagLength);
            aes.Decrypt(record.Nonce.Span, record.Ciphertext.Span, record.Tag.Span, plaintext, AssociatedData(record.Header(), recordId, purpose));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new SealedRecordException(
                SealedRecordProblem.TamperedOrMisplaced,
                "The record failed its integrity check: it was changed after sealing, stored under another id, or opened for another purpose.",
                ex);
        }
    }

    private static byte[] AssociatedData(byte[] header, string recordId, string purpose)
    {
        // Ids and purposes cannot contain '\n' (RecordNames), so this joining is unambiguous.
        var text = Encoding.ASCII.GetBytes($"{AssociatedDataLabel}\n{purpose}\n{recordId}\n");
        return [.. text, .. header];
    }
}

/// <summary>The shape of record ids and purposes: safe as storage keys and unambiguous in associated data.</summary>
public static class RecordNames
{
    public const int MaxRecordIdLength = 128;
    public const int MaxPurposeLength = 40;

    /// <summary>1-128 ASCII letters, digits, '-' or '_'.</summary>
    public static bool IsValidRecordId(string? recordId) =>
        recordId is { Length: > 0 and <= MaxRecordIdLength } && recordId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>1-40 lower-case ASCII letters, digits or '-'.</summary>
    public static bool IsValidPurpose(string? purpose) =>
        purpose is { Length: > 0 and <= MaxPurposeLength } && purpose.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static void ThrowIfInvalid(string recordId, string purpose)
    {
        if (!IsValidRecordId(recordId))
        {
            throw new ArgumentException("A record id is 1-128 ASCII letters, digits, '-' or '_'.", nameof(recordId));
        }

        if (!IsValidPurpose(purpose))
        {
            throw new ArgumentException("A purpose is 1-40 lower-case ASCII letters, digits or '-'.", nameof(purpose));
        }
    }
}
