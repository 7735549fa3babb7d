using System.Security.Cryptography;
using System.Text;
using ConfidantBot.Privacy.Keys;

namespace ConfidantBot.Privacy.Hashing;

/// <summary>
/// The look-up key for one person's bookings ("my bookings", "forget me"):
/// HMAC-SHA256 under the HMAC key over <c>tenant id + "\n" + Entra object id</c>, both
/// normalised. Without the key nobody can tell whose hash it is, or test a guess.
/// </summary>
public sealed class PersonKeyHasher(IKeyProvider keys)
{
    /// <exception cref="ArgumentException">An id is missing.</exception>
    /// <exception cref="KeyUnavailableException">The key store cannot be reached: try again later.</exception>
    public async ValueTask<PersonHash> HashAsync(string tenantId, string entraObjectId, CancellationToken cancellationToken = default)
    {
        var input = Encoding.UTF8.GetBytes($"{Normalise(tenantId, nameof(tenantId))}\n{Normalise(entraObjectId, nameof(entraObjectId))}");
        var key = await keys.GetHmacKeyAsync(cancellationToken).ConfigureAwait(false);
        var hash = HMACSHA256.HashData(key.Material.Span, input);
        return new PersonHash(Convert.ToHexStringLower(hash));
    }

    // Tenant and object ids are GUIDs; Teams sends them in varying case, sometimes with braces.
    private static string Normalise(string id, string name)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ArgumentException("The id is missing; a person cannot be looked up without it.", name);
        }

        return Guid.TryParse(id, out var guid) ? guid.ToString("D") : id.Trim().ToLowerInvariant();
    }
}

/// <summary>A person's look-up hash: 64 lower-case hex characters.</summary>
public sealed record PersonHash
{
    public PersonHash(string value)
    {
        if (value is not { Length: 64 } || !value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException("A person hash is 64 lower-case hex characters.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}
