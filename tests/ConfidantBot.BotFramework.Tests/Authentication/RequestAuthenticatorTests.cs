using ConfidantBot.BotFramework.Authentication;
using ConfidantBot.BotFramework.Schema;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static ConfidantBot.BotFramework.Tests.Authentication.AuthenticationTestSupport;

namespace ConfidantBot.BotFramework.Tests.Authentication;

/// <summary>The auth matrix: every way an inbound request can fail, against a local token issuer.</summary>
/// <remarks>The issuer is shared by the class (each test has its own authenticator and key cache);
/// tests that count metadata fetches are in <see cref="SigningKeyCachingTests"/>.</remarks>
public sealed class RequestAuthenticatorTests(TokenIssuerFixture fixture) : IClassFixture<TokenIssuerFixture>
{
    private const string AppId = TestTokenIssuer.DefaultAppId;
    private readonly TestTokenIssuer _issuer = fixture.Issuer;

    [Fact]
    public async Task A_channel_token_for_this_bot_and_activity_is_accepted()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl), activity);

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(activity.ServiceUrl, ServiceUrlClaim.Find(outcome.Identity!));
        Assert.Contains(outcome.Identity!.Claims, claim => claim.Type == "aud" && claim.Value == AppId);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task A_token_signed_with_an_algorithm_the_metadata_does_not_advertise_is_refused_with_401(string algorithm)
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl, algorithm: algorithm), activity);

        AssertRefused(outcome, 401, "token signing algorithm is not allowed");
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task A_token_signed_with_an_algorithm_the_metadata_advertises_is_accepted(string algorithm)
    {
        await using var issuer = await TestTokenIssuer.StartAsync(SecurityAlgorithms.RsaSha256, algorithm);
        using var authenticator = CreateAuthenticator(issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, issuer.CreateToken(AppId, activity.ServiceUrl, algorithm: algorithm), activity);

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_request_without_an_Authorization_header_is_refused_with_401(string? header)
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());

        var outcome = await authenticator.AuthenticateAsync(header, TeamsMessage(), CancellationToken.None);

        AssertRefused(outcome, 401, "missing Authorization header");
    }

    [Fact]
    public async Task A_token_sent_with_another_scheme_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var token = _issuer.CreateToken(AppId, activity.ServiceUrl);

        var outcome = await authenticator.AuthenticateAsync("Basic " + token, activity, CancellationToken.None);

        AssertRefused(outcome, 401, "Authorization scheme must be Bearer");
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Bearer two parts")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")]
    public async Task A_malformed_bearer_token_is_refused_with_401_and_no_exception(string header)
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());

        var outcome = await authenticator.AuthenticateAsync(header, TeamsMessage(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(401, outcome.StatusCode);
        Assert.Contains("malformed", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scheme_name_is_case_insensitive()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await authenticator.AuthenticateAsync("bearer " + _issuer.CreateToken(AppId, activity.ServiceUrl), activity, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_a_published_key_id_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var impostor = _issuer.CreateKey(_issuer.SigningKey.KeyId, "msteams");

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl, signingKey: impostor), activity);

        AssertRefused(outcome, 401, "token signature is invalid");
    }

    [Fact]
    public async Task A_token_signed_by_an_unpublished_key_id_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var unknown = _issuer.CreateKey("never-published", "msteams");

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl, signingKey: unknown), activity);

        AssertRefused(outcome, 401, "token signing key is unknown");
    }

    [Fact]
    public async Task An_unsigned_token_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TrustedIssuer.BotFrameworkIssuer,
            Audience = AppId,
            Claims = new Dictionary<string, object> { [ServiceUrlClaim.ClaimType] = activity.ServiceUrl! },
        });

        var outcome = await Authenticate(authenticator, unsigned, activity);

        Assert.False(outcome.Succeeded);
        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl, issuer: "https://api.botframework.com.evil.example"), activity);

        AssertRefused(outcome, 401, "token issuer is not trusted");
    }

    [Fact]
    public async Task A_token_for_another_bot_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken("00000000-0000-0000-0000-0000000000ff", activity.ServiceUrl), activity);

        AssertRefused(outcome, 401, "token is not addressed to this bot");
    }

    [Fact]
    public async Task A_token_that_expired_more_than_five_minutes_ago_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var now = DateTimeOffset.UtcNow;

        var outcome = await Authenticate(authenticator,
            _issuer.CreateToken(AppId, activity.ServiceUrl, notBefore: now.AddHours(-1), expires: now.AddMinutes(-6)), activity);

        AssertRefused(outcome, 401, "token expired");
    }

    [Fact]
    public async Task A_token_that_expired_within_the_five_minute_clock_skew_is_accepted()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var now = DateTimeOffset.UtcNow;

        var outcome = await Authenticate(authenticator,
            _issuer.CreateToken(AppId, activity.ServiceUrl, notBefore: now.AddHours(-1), expires: now.AddMinutes(-4)), activity);

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public async Task A_token_valid_only_from_more_than_five_minutes_ahead_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var now = DateTimeOffset.UtcNow;

        var outcome = await Authenticate(authenticator,
            _issuer.CreateToken(AppId, activity.ServiceUrl, notBefore: now.AddMinutes(6), expires: now.AddHours(1)), activity);

        AssertRefused(outcome, 401, "token not yet valid");
    }

    [Fact]
    public async Task A_token_valid_from_within_the_clock_skew_is_accepted()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var now = DateTimeOffset.UtcNow;

        var outcome = await Authenticate(authenticator,
            _issuer.CreateToken(AppId, activity.ServiceUrl, notBefore: now.AddMinutes(4), expires: now.AddHours(1)), activity);

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public async Task An_activity_whose_serviceUrl_differs_from_the_token_is_refused_with_403()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var token = _issuer.CreateToken(AppId, activity.ServiceUrl);
        activity.ServiceUrl = "https://attacker.example/amer/";

        var outcome = await Authenticate(authenticator, token, activity);

        AssertRefused(outcome, 403, "serviceUrl does not match the token");
    }

    [Fact]
    public async Task A_token_without_a_serviceurl_claim_is_refused_with_403()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, serviceUrl: null), activity);

        AssertRefused(outcome, 403, "serviceUrl does not match the token");
    }

    [Fact]
    public async Task An_activity_without_a_serviceUrl_is_refused_with_403()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        var token = _issuer.CreateToken(AppId, activity.ServiceUrl);
        activity.ServiceUrl = null;

        var outcome = await Authenticate(authenticator, token, activity);

        AssertRefused(outcome, 403, "serviceUrl does not match the token");
    }

    [Theory]
    [InlineData("serviceurl", "https://smba.trafficmanager.net/amer/00000000-0000-0000-0000-0000000000aa")]
    [InlineData("serviceUrl", "https://smba.trafficmanager.net/amer/00000000-0000-0000-0000-0000000000aa/")]
    [InlineData("SERVICEURL", "https://SMBA.trafficmanager.net/amer/00000000-0000-0000-0000-0000000000aa/")]
    public async Task The_serviceUrl_claim_matches_regardless_of_claim_name_case_and_a_trailing_slash(string claimName, string claimedUrl)
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, claimedUrl, serviceUrlClaimName: claimName), activity);

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_that_does_not_endorse_the_channel_is_refused_with_403()
    {
        var webchatOnly = _issuer.CreateKey("bf-key-webchat-" + Guid.NewGuid().ToString("N"), "webchat");
        _issuer.Publish(webchatOnly);
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl, signingKey: webchatOnly), activity);

        AssertRefused(outcome, 403, "signing key is not endorsed for this channel");
    }

    [Fact]
    public async Task A_token_signed_by_a_key_without_endorsements_is_refused_with_403()
    {
        var unendorsed = _issuer.CreateKey("bf-key-bare-" + Guid.NewGuid().ToString("N"), endorsements: null);
        _issuer.Publish(unendorsed);
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl, signingKey: unendorsed), activity);

        AssertRefused(outcome, 403, "signing key is not endorsed for this channel");
    }

    [Fact]
    public async Task An_activity_claiming_another_channel_than_the_key_endorses_is_refused_with_403()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();
        activity.ChannelId = "directline";

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl), activity);

        AssertRefused(outcome, 403, "signing key is not endorsed for this channel");
    }

    [Fact]
    public async Task An_activity_from_a_tenant_outside_the_allow_list_is_refused_with_403()
    {
        var options = _issuer.CreateOptions();
        options.AllowedTenantIds.Add("00000000-0000-0000-0000-0000000000dd");
        using var authenticator = CreateAuthenticator(options);
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl), activity);

        AssertRefused(outcome, 403, "tenant not allowed");
    }

    [Fact]
    public async Task An_activity_from_a_tenant_on_the_allow_list_is_accepted()
    {
        var options = _issuer.CreateOptions();
        options.AllowedTenantIds.Add("00000000-0000-0000-0000-0000000000dd");
        options.AllowedTenantIds.Add(TestTokenIssuer.DefaultTenantId.ToUpperInvariant());
        using var authenticator = CreateAuthenticator(options);
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl), activity);

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public async Task Allowed_tenants_add_to_the_bots_own_tenant_and_do_not_replace_it()
    {
        var options = _issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId);
        options.AllowedTenantIds.Add("00000000-0000-0000-0000-0000000000dd");
        using var authenticator = CreateAuthenticator(options);
        var own = TeamsMessage();
        var further = TeamsMessage();
        SetTenant(further, "00000000-0000-0000-0000-0000000000dd");
        var foreign = TeamsMessage();
        SetTenant(foreign, "00000000-0000-0000-0000-0000000000ee");

        var ownOutcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, own.ServiceUrl), own);
        var furtherOutcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, further.ServiceUrl), further);
        var foreignOutcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, foreign.ServiceUrl), foreign);

        Assert.True(ownOutcome.Succeeded, ownOutcome.Reason);
        Assert.True(furtherOutcome.Succeeded, furtherOutcome.Reason);
        AssertRefused(foreignOutcome, 403, "tenant not allowed");
    }

    private static void SetTenant(Activity activity, string tenantId)
    {
        activity.Conversation!.TenantId = tenantId;
        activity.ChannelData = System.Text.Json.JsonDocument.Parse("{\"tenant\":{\"id\":\"" + tenantId + "\"}}").RootElement;
    }

    [Fact]
    public async Task A_single_tenant_bot_without_an_allow_list_accepts_only_its_own_tenant()
    {
        using var ownTenantBot = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        using var otherTenantBot = CreateAuthenticator(_issuer.CreateOptions(tenantId: "00000000-0000-0000-0000-0000000000dd"));
        var activity = TeamsMessage();
        var token = _issuer.CreateToken(AppId, activity.ServiceUrl);

        Assert.True((await Authenticate(ownTenantBot, token, activity)).Succeeded);
        AssertRefused(await Authenticate(otherTenantBot, token, activity), 403, "tenant not allowed");
    }

    [Fact]
    public async Task An_activity_without_a_tenant_is_refused_when_tenants_are_restricted()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        var activity = TeamsMessage();
        activity.ChannelData = null;
        activity.Conversation!.TenantId = null;

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl), activity);

        AssertRefused(outcome, 403, "tenant not allowed");
    }

    [Theory]
    [InlineData(false, AppId)]
    [InlineData(false, "api://" + AppId)]
    [InlineData(true, AppId)]
    public async Task An_Entra_token_from_the_single_tenant_bots_own_tenant_is_accepted(bool v1Issuer, string audience)
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator,
            _issuer.CreateEntraToken(TestTokenIssuer.DefaultTenantId, audience, activity.ServiceUrl, v1Issuer), activity);

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Theory]
    [InlineData(false, "00000000-0000-0000-0000-0000000000b9", false, "token was issued to another application (azp)")]
    [InlineData(true, "00000000-0000-0000-0000-0000000000b9", false, "token was issued to another application (appid)")]
    [InlineData(false, null, true, "token names no calling application (azp)")]
    [InlineData(true, null, true, "token names no calling application (appid)")]
    public async Task An_Entra_token_of_the_bots_tenant_requested_by_another_or_no_application_is_refused_with_401(
        bool v1Issuer, string? caller, bool omitCaller, string reason)
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator,
            _issuer.CreateEntraToken(TestTokenIssuer.DefaultTenantId, AppId, activity.ServiceUrl, v1Issuer, caller: caller, omitCaller: omitCaller), activity);

        AssertRefused(outcome, 401, reason);
    }

    [Fact]
    public async Task An_Entra_token_from_another_tenant_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator,
            _issuer.CreateEntraToken("00000000-0000-0000-0000-0000000000dd", AppId, activity.ServiceUrl), activity);

        AssertRefused(outcome, 401, "token issuer is not trusted");
    }

    [Fact]
    public async Task An_Entra_token_is_refused_by_a_multi_tenant_bot()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions());
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator,
            _issuer.CreateEntraToken(TestTokenIssuer.DefaultTenantId, AppId, activity.ServiceUrl), activity);

        AssertRefused(outcome, 401, "token issuer is not trusted");
    }

    [Fact]
    public async Task An_Entra_token_for_another_audience_is_refused_with_401()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator,
            _issuer.CreateEntraToken(TestTokenIssuer.DefaultTenantId, "https://graph.microsoft.com", activity.ServiceUrl), activity);

        AssertRefused(outcome, 401, "token is not addressed to this bot");
    }

    [Fact]
    public async Task An_Entra_token_whose_serviceurl_differs_from_the_activity_is_refused_with_403()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator,
            _issuer.CreateEntraToken(TestTokenIssuer.DefaultTenantId, AppId, "https://attacker.example/"), activity);

        AssertRefused(outcome, 403, "serviceUrl does not match the token");
    }

    [Fact]
    public async Task A_channel_issuer_claim_on_a_token_signed_with_an_Entra_key_is_refused()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(tenantId: TestTokenIssuer.DefaultTenantId));
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator,
            _issuer.CreateToken(AppId, activity.ServiceUrl, signingKey: _issuer.EntraSigningKey), activity);

        AssertRefused(outcome, 401, "token signing key is unknown");
    }

    [Fact]
    public async Task Authentication_fails_closed_when_no_app_id_is_configured()
    {
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(appId: ""));
        var activity = TeamsMessage();

        var outcome = await Authenticate(authenticator, _issuer.CreateToken(AppId, activity.ServiceUrl), activity);

        AssertRefused(outcome, 401, "authentication is not configured");
    }

    [Fact]
    public async Task Refusals_are_logged_with_the_reason_but_without_the_token_or_activity_content()
    {
        var logger = new CapturingLogger<BotRequestAuthenticator>();
        using var authenticator = CreateAuthenticator(_issuer.CreateOptions(), logger: logger);
        var activity = TeamsMessage();
        var token = _issuer.CreateToken(AppId, "https://attacker.example/");

        await Authenticate(authenticator, token, activity);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("403", line, StringComparison.Ordinal);
        Assert.Contains("serviceUrl does not match the token", line, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], line, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker", line, StringComparison.Ordinal);
        Assert.DoesNotContain(activity.Text!, line, StringComparison.Ordinal);
        Assert.DoesNotContain(TestTokenIssuer.DefaultTenantId, line, StringComparison.Ordinal);
    }

    private static Task<AuthenticationOutcome> Authenticate(IRequestAuthenticator authenticator, string token, Activity activity) =>
        authenticator.AuthenticateAsync("Bearer " + token, activity, CancellationToken.None);

    private static void AssertRefused(AuthenticationOutcome outcome, int statusCode, string reason)
    {
        Assert.False(outcome.Succeeded);
        Assert.Equal(statusCode, outcome.StatusCode);
        Assert.Equal(reason, outcome.Reason);
        Assert.Null(outcome.Identity);
    }
}
