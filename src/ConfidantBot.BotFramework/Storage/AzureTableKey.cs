using System.Buffers;
using System.Globalization;
using System.Text;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>
/// Reversible escaping of a storage key part into a PartitionKey or RowKey. Azure forbids
/// <c>/ \ # ?</c> and control characters in keys; those (and <c>%</c>, which some tools decode,
/// <c>'</c>, which OData filters quote, and the escape character <c>~</c> itself) become <c>~XX</c>
/// with the character's two hex digits. Everything else, unicode included, is kept as is.
/// </summary>
internal static class AzureTableKey
{
    private const char Escape = '~';

    private static readonly SearchValues<char> NeedsEscaping = SearchValues.Create(BuildEscapedSet());

    public static string Encode(string value)
    {
        var first = value.AsSpan().IndexOfAny(NeedsEscaping);
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        builder.Append(value, 0, first);
        foreach (var character in value.AsSpan(first))
        {
            if (NeedsEscaping.Contains(character))
            {
                builder.Append(Escape).Append(((int)character).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }

    public static string Decode(string encoded)
    {
        var first = encoded.IndexOf(Escape, StringComparison.Ordinal);
        if (first < 0)
        {
            return encoded;
        }

        var builder = new StringBuilder(encoded.Length);
        builder.Append(encoded, 0, first);
        for (var i = first; i < encoded.Length; i++)
        {
            if (encoded[i] != Escape)
            {
                builder.Append(encoded[i]);
                continue;
            }

            if (i + 2 >= encoded.Length
                || !byte.TryParse(encoded.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException("A table key holds an escape sequence this storage did not write.");
            }

            builder.Append((char)code);
            i += 2;
        }

        return builder.ToString();
    }

    private static string BuildEscapedSet()
    {
        var characters = new StringBuilder("/\\#?%'~");
        for (var code = 0; code < 0x100; code++)
        {
            if (char.IsControl((char)code))
            {
                characters.Append((char)code);
            }
        }

        return characters.ToString();
    }
}
