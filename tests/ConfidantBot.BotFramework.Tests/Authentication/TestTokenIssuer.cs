using System.Security.Claims;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.BotFramework.Tests.Authentication;

/// <summary>
/// A local stand-in for the Bot Framework token service and Entra ID: generated RSA keys served as
/// OpenID metadata and JWKS on 127.0.0.1, and tokens signed with them. Use it in any test that needs
/// to get past inbound authentication:
/// <code>
/// await using var issuer = await TestTokenIssuer.StartAsync();
/// services.AddBotAuthentication(options => issuer.Configure(options, appId));
/// request.Headers.Authorization = new("Bearer", issuer.CreateToken(appId, activity.ServiceUrl!));
/// </code>
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    /// <summary>The fake ids used in tests/TestData/protocol (see its README).</summary>
    public const string DefaultAppId = "00000000-0000-0000-0000-0000000000b0";
    public const string DefaultTenantId = "00000000-0000-0000-0000-0000000000aa";
    public const string DefaultServiceUrl = "https://smba.trafficmanager.net/amer/00000000-0000-0000-0000-0000000000aa/";

    public const string BotFrameworkMetadataPath = "/v1/.well-known/openidconfiguration";
    public const string BotFrameworkKeysPath = "/v1/.well-known/keys";
    public const string EntraKeysPath = "/entra/discovery/v2.0/keys";

    private static readonly JsonWebTokenHandler Handler = new();
    private readonly WireMockServer _server;
    private readonly List<TestSigningKey> _ownedKeys = [];
    private readonly List<TestSigningKey> _publishedKeys = [];
    private readonly Guid _keysMapping = Guid.NewGuid();
    private readonly Lock _keysLock = new();

    private readonly string[] _advertisedAlgorithms;

    private TestTokenIssuer(WireMockServer server, string[] advertisedAlgorithms)
    {
        _server = server;
        _advertisedAlgorithms = advertisedAlgorithms;
        SigningKey = CreateKey("bf-key-1", "msteams");
        EntraSigningKey = CreateKey("entra-key-1", endorsements: null);
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string BaseUrl => _server.Urls[0];

    /// <summary>Bot Framework OpenID metadata; put it in <see cref="BotAuthenticationOptions.OpenIdMetadataUrl"/>.</summary>
    public string MetadataUrl => BaseUrl + BotFrameworkMetadataPath;

    /// <summary>Entra OpenID metadata for any tenant; put it in <see cref="BotAuthenticationOptions.EntraOpenIdMetadataUrl"/>.</summary>
    public string EntraMetadataUrlTemplate => BaseUrl + "/" + BotAuthenticationOptions.TenantPlaceholder + "/v2.0/.well-known/openid-configuration";

    /// <summary>The published Bot Framework key (endorses <c>msteams</c>); tokens are signed with it by default.</summary>
    public TestSigningKey SigningKey { get; }

    /// <summary>The published Entra key (no endorsements, as in Entra's JWKS).</summary>
    public TestSigningKey EntraSigningKey { get; }

    /// <summary>How often the Bot Framework JWKS was fetched.</summary>
    public int KeySetRequestCount => CountRequests(BotFrameworkKeysPath);

    public int EntraKeySetRequestCount => CountRequests(EntraKeysPath);

    /// <param name="advertisedAlgorithms">
    /// The metadata's <c>id_token_signing_alg_values_supported</c>; by default RS256 only, as the real
    /// Bot Framework and Entra metadata publish.
    /// </param>
    public static Task<TestTokenIssuer> StartAsync(params string[] advertisedAlgorithms)
    {
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            // Port 0: the OS picks a free port while binding (WireMock then reports it in Url). A port picked first and bound
            // later can be taken meanwhile by a parallel test or an outgoing connection.
            Urls = ["http://127.0.0.1:0"],
            StartAdminInterface = false,
        });
        var issuer = new TestTokenIssuer(server, advertisedAlgorithms is { Length: > 0 } ? advertisedAlgorithms : [SecurityAlgorithms.RsaSha256]);
        issuer.ServeMetadata();
        issuer.Publish(issuer.SigningKey);
        return Task.FromResult(issuer);
    }

    /// <summary>Points <paramref name="options"/> at this issuer and sets the app id (and tenant, for a single-tenant bot).</summary>
    public BotAuthenticationOptions Configure(BotAuthenticationOptions options, string appId = DefaultAppId, string? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AppId = appId;
        options.TenantId = tenantId;
        options.OpenIdMetadataUrl = MetadataUrl;
        options.EntraOpenIdMetadataUrl = EntraMetadataUrlTemplate;
        return options;
    }

    /// <summary>Options pointing at this issuer.</summary>
    public BotAuthenticationOptions CreateOptions(string appId = DefaultAppId, string? tenantId = null) =>
        Configure(new BotAuthenticationOptions(), appId, tenantId);

    /// <summary>A key owned (and disposed) by this issuer; not published until <see cref="Publish"/>.</summary>
    public TestSigningKey CreateKey(string keyId, params string[]? endorsements)
    {
        var key = new TestSigningKey(keyId, endorsements);
        _ownedKeys.Add(key);
        return key;
    }

    /// <summary>Adds a key to the Bot Framework JWKS (as a key rotation does).</summary>
    public void Publish(TestSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_keysLock)
        {
            _publishedKeys.Add(key);
            var keySet = new JsonObject { ["keys"] = new JsonArray([.. _publishedKeys.Select(published => (JsonNode)published.ToJwk())]) };
            _server.Given(Request.Create().WithPath(BotFrameworkKeysPath).UsingGet())
                .WithGuid(_keysMapping)
                .RespondWith(Json(keySet));
        }
    }

    /// <summary>
    /// A Bot Framework channel token as the connector sends it: <c>iss</c> api.botframework.com,
    /// <c>aud</c> the app id, <c>serviceurl</c>, valid from 1 minute ago for 1 hour, RS256.
    /// </summary>
    public string CreateToken(
        string appId,
        string? serviceUrl,
        string issuer = TrustedIssuer.BotFrameworkIssuer,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        TestSigningKey? signingKey = null,
        string serviceUrlClaimName = ServiceUrlClaim.ClaimType) =>
        Sign(issuer, appId, serviceUrl, serviceUrlClaimName, notBefore, expires, algorithm, signingKey ?? SigningKey);

    /// <summary>
    /// An Entra ID token for a single-tenant bot; <paramref name="v1Issuer"/> uses the sts.windows.net
    /// form. The application that asked for it is named in <c>azp</c> (v2) or <c>appid</c> (v1): by
    /// default the app id of the audience (the bot itself, as the Emulator does), or
    /// <paramref name="caller"/>; with <paramref name="omitCaller"/> the claim is left out.
    /// </summary>
    public string CreateEntraToken(
        string tenantId,
        string audience,
        string? serviceUrl,
        bool v1Issuer = false,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        string? caller = null,
        bool omitCaller = false)
    {
        var claims = new List<Claim> { new("tid", tenantId) };
        if (!omitCaller)
        {
            var callerClaim = v1Issuer ? "appid" : "azp";
            claims.Add(new Claim(callerClaim, caller ?? audience.Replace("api://", "", StringComparison.Ordinal)));
            claims.Add(new Claim("ver", v1Issuer ? "1.0" : "2.0"));
        }

        return Sign(
            v1Issuer ? $"https://sts.windows.net/{tenantId}/" : $"https://login.microsoftonline.com/{tenantId}/v2.0",
            audience, serviceUrl, ServiceUrlClaim.ClaimType, notBefore, expires, SecurityAlgorithms.RsaSha256, EntraSigningKey,
            [.. claims]);
    }

    public async ValueTask DisposeAsync()
    {
        _server.Stop();
        _server.Dispose();
        foreach (var key in _ownedKeys)
        {
            key.Dispose();
        }

        await Task.CompletedTask;
    }

    private static string Sign(
        string issuer, string audience, string? serviceUrl, string serviceUrlClaimName,
        DateTimeOffset? notBefore, DateTimeOffset? expires, string algorithm, TestSigningKey key, params Claim[] extraClaims)
    {
        var now = DateTimeOffset.UtcNow;
        var validFrom = notBefore ?? now.AddMinutes(-1);
        var validTo = expires ?? validFrom.AddHours(1);
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims[serviceUrlClaimName] = serviceUrl;
        }

        foreach (var claim in extraClaims)
        {
            claims[claim.Type] = claim.Value;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = validFrom.UtcDateTime,
            IssuedAt = validFrom.UtcDateTime,
            Expires = validTo.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.SecurityKey, algorithm),
        });
    }

    private void ServeMetadata()
    {
        _server.Given(Request.Create().WithPath(BotFrameworkMetadataPath).UsingGet())
            .RespondWith(Json(Metadata(TrustedIssuer.BotFrameworkIssuer, BaseUrl + BotFrameworkKeysPath)));
        _server.Given(Request.Create().WithPath(new WildcardMatcher("/*/v2.0/.well-known/openid-configuration")).UsingGet())
            .RespondWith(Json(Metadata("https://login.microsoftonline.com/{tenantid}/v2.0", BaseUrl + EntraKeysPath)));
        _server.Given(Request.Create().WithPath(EntraKeysPath).UsingGet())
            .RespondWith(Json(new JsonObject { ["keys"] = new JsonArray(EntraSigningKey.ToJwk()) }));
    }

    private JsonObject Metadata(string issuer, string jwksUri) => new()
    {
        ["issuer"] = issuer,
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray([.. _advertisedAlgorithms.Select(algorithm => (JsonNode)algorithm)]),
        ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray([.. _advertisedAlgorithms.Select(algorithm => (JsonNode)algorithm)]),
    };

    private static IResponseBuilder Json(JsonNode body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString());

    private int CountRequests(string path) =>
        _server.LogEntries.Count(entry => string.Equals(entry.RequestMessage?.Path, path, StringComparison.Ordinal));
}
