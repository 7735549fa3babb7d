using System.Collections;
using System.Text.Json;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// Bot Framework signing keys list the channels they may sign for (JWKS property <c>endorsements</c>).
/// A channel token counts only when the key that signed it endorses the activity's channel.
/// </summary>
public static class KeyEndorsements
{
    public const string PropertyName = "endorsements";

    /// <summary>
    /// True when the signing key endorses <paramref name="channelId"/>. Every published key with the
    /// signing key's id must endorse it, so a duplicate key id cannot lend its endorsements.
    /// </summary>
    public static bool Endorses(SecurityKey signingKey, OpenIdConnectConfiguration configuration, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(channelId))
        {
            return false;
        }

        if (signingKey is JsonWebKey signingJwk)
        {
            return Read(signingJwk).Contains(channelId, StringComparer.Ordinal);
        }

        var published = configuration.JsonWebKeySet?.Keys
            .Where(key => key.Kid is not null && string.Equals(key.Kid, signingKey.KeyId, StringComparison.Ordinal))
            .ToList() ?? [];
        return published.Count > 0 && published.All(key => Read(key).Contains(channelId, StringComparer.Ordinal));
    }

    /// <summary>The endorsements of one published key; empty when it has none.</summary>
    public static IReadOnlyList<string> Read(JsonWebKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.AdditionalData.TryGetValue(PropertyName, out var value) || value is null)
        {
            return [];
        }

        return value switch
        {
            string single => [single],
            JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.String)
                .Select(item => item.GetString()!)],
            IEnumerable items => [.. items.OfType<object>().Select(ToText).OfType<string>()],
            _ => [],
        };
    }

    private static string? ToText(object item) => item switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        _ => null,
    };
}
