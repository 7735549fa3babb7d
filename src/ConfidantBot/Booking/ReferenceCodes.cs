using System.Security.Cryptography;

namespace ConfidantBot.Booking;

/// <summary>
/// Short random codes a person can read over the phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, in the form
/// <c>XXX-XXXX</c> (25^7 ≈ 6·10^9 combinations).
/// </summary>
public static class ReferenceCodes
{
    public const string Alphabet = "34679ACDEFGHJKMNPQRTUVWXY";

    public static string New()
    {
        Span<char> code = stackalloc char[8];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = i == 3 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(code);
    }

    /// <summary>A random booking id (128 bits) that also serves as the calendar transactionId.</summary>
    public static string NewBookingId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
