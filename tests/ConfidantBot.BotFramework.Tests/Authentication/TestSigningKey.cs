using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace ConfidantBot.BotFramework.Tests.Authentication;

/// <summary>An RSA key a <see cref="TestTokenIssuer"/> signs with, and its public JWKS entry.</summary>
public sealed class TestSigningKey : IDisposable
{
    private readonly RSA _rsa;

    public TestSigningKey(string keyId, IReadOnlyList<string>? endorsements)
    {
        KeyId = keyId;
        Endorsements = endorsements;
        _rsa = RSA.Create(2048);
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = keyId };
    }

    public string KeyId { get; }

    /// <summary>The channels this key may sign for; null leaves the property out (as Entra keys do).</summary>
    public IReadOnlyList<string>? Endorsements { get; }

    public RsaSecurityKey SecurityKey { get; }

    /// <summary>The public half as a JWKS entry: <c>kty, use, kid, n, e</c> and, if any, <c>endorsements</c>.</summary>
    public JsonObject ToJwk()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (Endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray([.. Endorsements.Select(channel => (JsonNode)JsonValue.Create(channel))]);
        }

        return jwk;
    }

    public void Dispose() => _rsa.Dispose();
}
