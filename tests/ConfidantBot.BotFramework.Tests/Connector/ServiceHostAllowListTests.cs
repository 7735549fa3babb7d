using System.Net;
using Azure.Core;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace ConfidantBot.BotFramework.Tests.Connector;

/// <summary>
/// Outside local mode the connector posts (with the bot's token) only to Bot Framework and Teams
/// service hosts, named by host name, that resolve to public addresses at connect time. No test
/// here sends a byte beyond loopback: refused URLs stop before the token, and the resolver seam
/// answers the addresses.
/// </summary>
public sealed class ServiceHostAllowListTests
{
    private const string TeamsServiceUrl = "https://smba.trafficmanager.net/amer/00000000-0000-0000-0000-0000000000aa/";

    [Theory]
    [InlineData("https://10.0.0.4/amer/")]
    [InlineData("https://127.0.0.1/amer/")]
    [InlineData("https://[::1]/amer/")]
    [InlineData("https://169.254.169.254/metadata/")]
    [InlineData("https://52.112.0.1/amer/")]
    [InlineData("https://[2603:1063::1]/amer/")]
    public async Task A_service_url_with_an_IP_literal_is_refused_before_any_token_is_fetched(string serviceUrl)
    {
        var credential = new CountingCredential();
        await using var harness = Production(credential);

        Assert.False(harness.Trust.Trust(serviceUrl));
        var refusal = await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            harness.Client.SendToConversationAsync(serviceUrl, "a:1", new Activity { Type = ActivityTypes.Message }));

        Assert.Contains("not an IP address", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, credential.Requests);
    }

    [Theory]
    [InlineData("https://evil.example/amer/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/amer/")]
    [InlineData("https://botframework.com.evil.example/")]
    [InlineData("https://evilbotframework.com/")]
    [InlineData("https://contoso.trafficmanager.net/amer/")]
    public async Task A_service_url_on_a_host_outside_the_allow_list_is_refused_before_any_token_is_fetched(string serviceUrl)
    {
        var credential = new CountingCredential();
        await using var harness = Production(credential);

        Assert.False(harness.Trust.Trust(serviceUrl));
        var refusal = await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            harness.Client.SendToConversationAsync(serviceUrl, "a:1", new Activity { Type = ActivityTypes.Message }));

        Assert.Contains("Connector:AllowedServiceHosts", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, credential.Requests);
    }

    [Theory]
    [InlineData(TeamsServiceUrl, null)]
    [InlineData("https://SMBA.trafficmanager.net/emea/", null)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/teams/", null)]
    [InlineData("https://webchat.botframework.com/", null)]
    [InlineData("https://europe.directline.botframework.com/", null)]
    [InlineData("https://bots.gemeente.example/teams/", "bots.gemeente.example")]
    public void Teams_and_Bot_Framework_hosts_and_configured_ones_are_allowed(string serviceUrl, string? configured)
    {
        var trust = new ServiceUrlTrust(Microsoft.Extensions.Options.Options.Create(new ConnectorOptions
        {
            AllowedServiceHosts = configured is null ? null : [configured],
        }));

        Assert.True(trust.Trust(serviceUrl));
        Assert.True(trust.IsTrusted(serviceUrl));
    }

    [Fact]
    public void A_configured_allow_list_replaces_the_defaults()
    {
        var trust = new ServiceUrlTrust(Microsoft.Extensions.Options.Options.Create(new ConnectorOptions { AllowedServiceHosts = ["bots.gemeente.example"] }));

        Assert.False(trust.Trust(TeamsServiceUrl));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.20")]
    [InlineData("172.20.0.5")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:10.0.0.1")]
    public async Task An_allowed_host_that_resolves_to_a_private_address_is_refused_at_connect_time(string resolvedAddress)
    {
        var resolver = new FixedResolver(IPAddress.Parse(resolvedAddress));
        await using var harness = Production(new CountingCredential(), resolver);
        Assert.True(harness.Trust.Trust(TeamsServiceUrl));

        var refusal = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(TeamsServiceUrl, "a:1", new Activity { Type = ActivityTypes.Message }));

        Assert.Contains("Refused to connect to smba.trafficmanager.net", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(["smba.trafficmanager.net"], resolver.Asked);
    }

    [Fact]
    public async Task One_private_address_among_public_ones_is_enough_to_refuse()
    {
        var resolver = new FixedResolver(IPAddress.Parse("52.112.0.1"), IPAddress.Parse("10.0.0.7"));
        await using var harness = Production(new CountingCredential(), resolver);
        harness.Trust.Trust(TeamsServiceUrl);

        var refusal = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.Client.SendToConversationAsync(TeamsServiceUrl, "a:1", new Activity { Type = ActivityTypes.Message }));

        Assert.Contains("private", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("52.112.0.1", true)]
    [InlineData("2603:1063::1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    public void Public_addresses_are_told_apart_from_internal_ones(string address, bool isPublic)
        => Assert.Equal(isPublic, ServiceAddressGuard.IsPublic(IPAddress.Parse(address)));

    private static ConnectorHarness Production(CountingCredential credential, IServiceHostResolver? resolver = null) =>
        new(
            options =>
            {
                options.LocalMode = false;
                options.MaxRetries = 0;
                options.Credential = credential;
            },
            services =>
            {
                if (resolver is not null)
                {
                    services.AddSingleton(resolver);
                }
            });

    private sealed class FixedResolver(params IPAddress[] addresses) : IServiceHostResolver
    {
        private readonly List<string> _asked = [];

        public IReadOnlyList<string> Asked
        {
            get
            {
                lock (_asked)
                {
                    return [.. _asked];
                }
            }
        }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            lock (_asked)
            {
                _asked.Add(host);
            }

            return Task.FromResult(addresses);
        }
    }

    private sealed class CountingCredential : TokenCredential
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return new AccessToken("fake-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
