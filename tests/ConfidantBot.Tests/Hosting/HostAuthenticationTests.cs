using System.Net;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Tests.Authentication;
using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.Hosting;

/// <summary>A production-like host (app id and tenant set) with its OpenID metadata and connector on 127.0.0.1.</summary>
public sealed class AuthenticatedHostFixture : IAsyncLifetime
{
    public TestTokenIssuer Issuer { get; private set; } = null!;

    public FakeConnector Connector { get; private set; } = null!;

    public BotHostFactory Host { get; private set; } = null!;

    /// <summary>Published, but endorsed for another channel only.</summary>
    public TestSigningKey WebChatOnlyKey { get; private set; } = null!;

    /// <summary>Never published: the host cannot know it.</summary>
    public TestSigningKey UnknownKey { get; private set; } = null!;

    /// <summary>Never published, with the kid of the published key: a forged signature.</summary>
    public TestSigningKey ImpostorKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync();
        WebChatOnlyKey = Issuer.CreateKey("bf-key-webchat", "webchat");
        Issuer.Publish(WebChatOnlyKey);
        UnknownKey = Issuer.CreateKey("bf-key-unknown", "msteams");
        ImpostorKey = Issuer.CreateKey(Issuer.SigningKey.KeyId, "msteams");
        var certificate = LoopbackCertificate.Create();
        Connector = await FakeConnector.StartAsync(certificate);
        Host = new BotHostFactory(new BotHostSettings { Issuer = Issuer, ConnectorCertificate = certificate }).Start();
        await WarmUpSigningKeysAsync();
    }

    /// <summary>
    /// One authenticated typing activity (ignored by the bot) loads the signing keys, so that no case
    /// of the matrix depends on a first metadata fetch finishing in time on a busy machine.
    /// </summary>
    private async Task WarmUpSigningKeysAsync()
    {
        var typing = ProtocolBody.Load(ProtocolBody.MessageReaction, Connector.ServiceUrl);
        typing["type"] = "typing";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var response = await Host.PostActivityAsync(typing, Issuer.CreateToken(BotHostFactory.AppId, Connector.ServiceUrl));
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

/// <summary>The inbound authentication matrix through POST /api/messages of the real host.</summary>
public sealed class HostAuthenticationTests(AuthenticatedHostFixture fixture) : IClassFixture<AuthenticatedHostFixture>
{
    private const string ForeignTenantId = "00000000-0000-0000-0000-0000000000ff";
    private const string OtherAppId = "00000000-0000-0000-0000-0000000000b9";

    private BotHostFactory Host => fixture.Host;

    private TestTokenIssuer Issuer => fixture.Issuer;

    [Fact]
    public async Task A_valid_channel_token_runs_the_bot_which_answers_through_the_connector_with_its_own_token()
    {
        var message = ProtocolBody.TypedMessage(fixture.Connector.ServiceUrl, ProtocolBody.NewConversationId(), "hallo");
        var itemsBefore = await StoreFiles.CountItemsAsync(Host.DataDirectory);

        var response = await Host.PostActivityAsync(message, Issuer.CreateToken(BotHostFactory.AppId, fixture.Connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Host.Handler.Turns, turn => turn.Conversation?.Id == message.ConversationId());
        var reply = await fixture.Connector.NextAsync(message.ConversationId());
        Assert.Contains("Wat wil je doen?", reply.VisibleText, StringComparison.Ordinal);
        Assert.Equal("Bearer fake-token-https://api.botframework.com/.default", reply.Authorization);
        Assert.True(await StoreFiles.CountItemsAsync(Host.DataDirectory) > itemsBefore, "The conversation state was not stored.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_valid_Entra_token_of_the_bots_tenant_requested_by_the_bot_itself_runs_the_bot(bool v1Issuer)
    {
        var message = ProtocolBody.TypedMessage(fixture.Connector.ServiceUrl, ProtocolBody.NewConversationId(), "hallo");

        var response = await Host.PostActivityAsync(message, Issuer.CreateEntraToken(BotHostFactory.TenantId, BotHostFactory.AppId, fixture.Connector.ServiceUrl, v1Issuer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Host.Handler.Turns, turn => turn.Conversation?.Id == message.ConversationId());
    }

    [Fact]
    public async Task An_authenticated_activity_with_a_plain_http_service_url_is_refused_with_400_before_the_bot_runs()
    {
        const string plainServiceUrl = "http://127.0.0.1:9/amer/";
        var message = ProtocolBody.TypedMessage(plainServiceUrl, ProtocolBody.NewConversationId(), "hallo");

        var response = await Host.PostActivityAsync(message, Issuer.CreateToken(BotHostFactory.AppId, plainServiceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Host.Handler.Turns, turn => turn.Conversation?.Id == message.ConversationId());
    }

    [Theory]
    [InlineData("https://attacker.example/amer/")]
    [InlineData("https://10.0.0.4/amer/")]
    public async Task An_authenticated_activity_whose_service_url_is_not_a_Teams_service_host_is_refused_with_400_before_the_bot_runs(string serviceUrl)
    {
        var message = ProtocolBody.TypedMessage(serviceUrl, ProtocolBody.NewConversationId(), "hallo");
        var tokensBefore = Host.Credential.Requests;

        var response = await Host.PostActivityAsync(message, Issuer.CreateToken(BotHostFactory.AppId, serviceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Host.Handler.Turns, turn => turn.Conversation?.Id == message.ConversationId());
        Assert.Equal(tokensBefore, Host.Credential.Requests);
    }

    public static TheoryData<string> RefusedCases() =>
    [
        "missing header", "wrong scheme", "bad signature", "unknown key id", "wrong issuer", "wrong audience",
        "expired", "not yet valid", "serviceUrl mismatch", "missing endorsement", "foreign tenant", "garbage token",
        "RS512 not advertised", "Entra v2 azp of another app", "Entra v2 without azp", "Entra v1 appid of another app", "Entra v1 without appid",
    ];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task A_refused_request_gets_401_or_403_with_a_reason_never_reaches_the_bot_and_stores_nothing(string refusal)
    {
        var serviceUrl = fixture.Connector.ServiceUrl;
        var message = ProtocolBody.TypedMessage(serviceUrl, ProtocolBody.NewConversationId(), "hallo");
        var now = DateTimeOffset.UtcNow;
        string? authorization = refusal switch
        {
            "missing header" => null,
            "wrong scheme" => "Basic " + Convert.ToBase64String("bot:secret"u8),
            "bad signature" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl, signingKey: fixture.ImpostorKey)),
            "unknown key id" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl, signingKey: fixture.UnknownKey)),
            "wrong issuer" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl, issuer: "https://api.botframework.example")),
            "wrong audience" => Bearer(Issuer.CreateToken(OtherAppId, serviceUrl)),
            "expired" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl, notBefore: now.AddHours(-2), expires: now.AddMinutes(-10))),
            "not yet valid" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl, notBefore: now.AddMinutes(10), expires: now.AddHours(1))),
            "serviceUrl mismatch" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, "https://smba.trafficmanager.net/emea/")),
            "missing endorsement" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl, signingKey: fixture.WebChatOnlyKey)),
            "foreign tenant" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl)),
            "garbage token" => "Bearer not.a.token",
            "RS512 not advertised" => Bearer(Issuer.CreateToken(BotHostFactory.AppId, serviceUrl, algorithm: Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha512)),
            "Entra v2 azp of another app" => Bearer(Issuer.CreateEntraToken(BotHostFactory.TenantId, BotHostFactory.AppId, serviceUrl, caller: OtherAppId)),
            "Entra v2 without azp" => Bearer(Issuer.CreateEntraToken(BotHostFactory.TenantId, BotHostFactory.AppId, serviceUrl, omitCaller: true)),
            "Entra v1 appid of another app" => Bearer(Issuer.CreateEntraToken(BotHostFactory.TenantId, BotHostFactory.AppId, serviceUrl, v1Issuer: true, caller: OtherAppId)),
            "Entra v1 without appid" => Bearer(Issuer.CreateEntraToken(BotHostFactory.TenantId, BotHostFactory.AppId, serviceUrl, v1Issuer: true, omitCaller: true)),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };
        if (refusal == "foreign tenant")
        {
            message["channelData"]!["tenant"]!["id"] = ForeignTenantId;
            message["conversation"]!["tenantId"] = ForeignTenantId;
        }

        var itemsBefore = await StoreFiles.CountItemsAsync(Host.DataDirectory);
        var sentBefore = fixture.Connector.All.Count;

        using var client = Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = JsonContent(message) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);

        var reason = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?.GetValue<string>();
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{refusal}: got {(int)response.StatusCode} ({reason}).");
        if (refusal is "foreign tenant" or "serviceUrl mismatch" or "missing endorsement")
        {
            // A genuine token that does not cover this activity: authenticated, but forbidden.
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{refusal}: got {(int)response.StatusCode} ({reason}).");
        }

        Assert.False(string.IsNullOrWhiteSpace(reason), $"{refusal}: no reason given.");
        Assert.DoesNotContain(Host.Handler.Turns, turn => turn.Conversation?.Id == message.ConversationId());
        Assert.Equal(itemsBefore, await StoreFiles.CountItemsAsync(Host.DataDirectory));
        Assert.Equal(sentBefore, fixture.Connector.All.Count);
    }

    private static string Bearer(string token) => "Bearer " + token;

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
