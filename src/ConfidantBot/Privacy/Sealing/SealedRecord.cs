using System.Text;

namespace ConfidantBot.Privacy.Sealing;

/// <summary>
/// A sealed record as stored. Binary envelope, in this order:
/// <code>
/// 1 byte   format version (1)
/// 1 byte   length L of the key version
/// L bytes  key version (ASCII letters, digits, '-' or '_')
/// 12 bytes nonce
/// n bytes  ciphertext
/// 16 bytes authentication tag
/// </code>
/// The format byte and key version are authenticated too (part of the associated data), so
/// neither can be changed without the record failing to open.
/// </summary>
public sealed class SealedRecord
{
    public const byte CurrentFormat = 1;
    public const int NonceLength = 12;
    public const int TagLength = 16;
    public const int MaxKeyVersionLength = 64;

    public SealedRecord(byte format, string keyVersion, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> ciphertext, ReadOnlyMemory<byte> tag)
    {
        if (!IsValidKeyVersion(keyVersion))
        {
            throw new ArgumentException("A key version is 1-64 ASCII letters, digits, '-' or '_'.", nameof(keyVersion));
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(nonce.Length, NonceLength, nameof(nonce));
        ArgumentOutOfRangeException.ThrowIfNotEqual(tag.Length, TagLength, nameof(tag));
        Format = format;
        KeyVersion = keyVersion;
        Nonce = nonce;
        Ciphertext = ciphertext;
        Tag = tag;
    }

    public byte Format { get; }

    public string KeyVersion { get; }

    public ReadOnlyMemory<byte> Nonce { get; }

    public ReadOnlyMemory<byte> Ciphertext { get; }

    public ReadOnlyMemory<byte> Tag { get; }

    /// <summary>The format byte and key version as they appear at the start of the envelope.</summary>
    internal byte[] Header()
    {
        var header = new byte[2 + KeyVersion.Length];
        header[0] = Format;
        header[1] = (byte)KeyVersion.Length;
        Encoding.ASCII.GetBytes(KeyVersion, header.AsSpan(2));
        return header;
    }

    public byte[] ToBytes()
    {
        var header = Header();
        var bytes = new byte[header.Length + NonceLength + Ciphertext.Length + TagLength];
        var span = bytes.AsSpan();
        header.CopyTo(span);
        Nonce.Span.CopyTo(span[header.Length..]);
        Ciphertext.Span.CopyTo(span[(header.Length + NonceLength)..]);
        Tag.Span.CopyTo(span[^TagLength..]);
        return bytes;
    }

    /// <exception cref="SealedRecordException">The bytes are not a sealed record of a known format.</exception>
    public static SealedRecord Parse(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < 2 + 1 + NonceLength + TagLength)
        {
            throw new SealedRecordException(SealedRecordProblem.Malformed, "The stored record is too short to be a sealed record.");
        }

        if (span[0] != CurrentFormat)
        {
            throw new SealedRecordException(SealedRecordProblem.Malformed, $"The stored record has format {span[0]}; this version of the app reads format {CurrentFormat}.");
        }

        int versionLength = span[1];
        var headerLength = 2 + versionLength;
        if (versionLength is 0 or > MaxKeyVersionLength || span.Length < headerLength + NonceLength + TagLength)
        {
            throw new SealedRecordException(SealedRecordProblem.Malformed, "The stored record's key version field is damaged.");
        }

        var keyVersion = Encoding.ASCII.GetString(span.Slice(2, versionLength));
        if (!IsValidKeyVersion(keyVersion))
        {
            throw new SealedRecordException(SealedRecordProblem.Malformed, "The stored record's key version field is damaged.");
        }

        return new SealedRecord(
            span[0],
            keyVersion,
            bytes.Slice(headerLength, NonceLength),
            bytes[(headerLength + NonceLength)..^TagLength],
            bytes[^TagLength..]);
    }

    internal static bool IsValidKeyVersion(string? version) =>
        version is { Length: > 0 and <= MaxKeyVersionLength } && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
