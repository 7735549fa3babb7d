using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Tests.Connector;

public sealed class ServiceUrlTrustTests
{
    private const string TeamsServiceUrl = "https://smba.trafficmanager.net/amer/00000000-0000-0000-0000-0000000000aa/";

    [Fact]
    public void Teams_service_url_is_usable_once_trusted_with_or_without_trailing_slash()
    {
        var trust = Create(localMode: false);
        Assert.False(trust.IsTrusted(TeamsServiceUrl));

        Assert.True(trust.Trust(TeamsServiceUrl.TrimEnd('/')));

        Assert.True(trust.IsTrusted(TeamsServiceUrl));
        Assert.True(trust.IsTrusted("HTTPS://SMBA.trafficmanager.net:443/amer/00000000-0000-0000-0000-0000000000aa"));
        Assert.Equal(new Uri(TeamsServiceUrl), trust.GetTrustedBaseUri(TeamsServiceUrl.TrimEnd('/')));
        Assert.False(trust.IsTrusted("https://smba.trafficmanager.net/emea/"));
        Assert.False(trust.IsTrusted("https://smba.trafficmanager.net.evil.example/amer/00000000-0000-0000-0000-0000000000aa/"));
    }

    [Fact]
    public void Plain_http_is_refused_outside_local_mode_even_when_trusted()
    {
        var trust = Create(localMode: false);

        Assert.False(trust.Trust("http://smba.trafficmanager.net/amer/"));

        var refusal = Assert.Throws<UntrustedServiceUrlException>(() => trust.GetTrustedBaseUri("http://smba.trafficmanager.net/amer/"));
        Assert.Contains("https", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3978/")]
    [InlineData("http://127.12.0.1/")]
    [InlineData("http://[::1]:3978/")]
    [InlineData("http://localhost:3978/local/")]
    public void Local_mode_accepts_trusted_loopback_urls(string serviceUrl)
    {
        var trust = Create(localMode: true);

        Assert.True(trust.Trust(serviceUrl));

        Assert.True(trust.IsTrusted(serviceUrl));
    }

    [Theory]
    [InlineData(TeamsServiceUrl)]
    [InlineData("http://10.0.0.4/")]
    [InlineData("http://169.254.169.254/metadata/")]
    [InlineData("http://localhost.evil.example/")]
    public async Task Local_mode_refuses_non_loopback_urls_even_when_trusted_without_any_request(string serviceUrl)
    {
        await using var harness = new ConnectorHarness(o => o.LocalMode = true);

        Assert.False(harness.Trust.Trust(serviceUrl));

        var refusal = await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            harness.Client.SendToConversationAsync(serviceUrl, "a:1", new Activity { Type = ActivityTypes.Message }));
        Assert.Contains("loopback", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/v3/conversations")]
    [InlineData("ftp://smba.trafficmanager.net/amer/")]
    [InlineData("https://user:pass@smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/?next=http://evil.example")]
    [InlineData("https://smba.trafficmanager.net/amer/#x")]
    public void Malformed_service_urls_are_never_trusted_and_refused_clearly(string? serviceUrl)
    {
        var trust = Create(localMode: false);

        Assert.False(trust.Trust(serviceUrl));

        Assert.Throws<UntrustedServiceUrlException>(() => trust.GetTrustedBaseUri(serviceUrl));
    }

    [Fact]
    public void The_trusted_set_is_bounded_and_forgets_the_least_recently_trusted_url()
    {
        var trust = Create(localMode: false, capacity: 2);
        trust.Trust("https://smba.trafficmanager.net/a/");
        trust.Trust("https://smba.trafficmanager.net/b/");
        trust.Trust("https://smba.trafficmanager.net/a/");

        trust.Trust("https://smba.trafficmanager.net/c/");

        Assert.True(trust.IsTrusted("https://smba.trafficmanager.net/a/"));
        Assert.False(trust.IsTrusted("https://smba.trafficmanager.net/b/"));
        Assert.True(trust.IsTrusted("https://smba.trafficmanager.net/c/"));
    }

    private static ServiceUrlTrust Create(bool localMode, int capacity = 256) =>
        new(Options.Create(new ConnectorOptions { LocalMode = localMode, MaxTrustedServiceUrls = capacity }));
}
