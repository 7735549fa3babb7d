using ConfidantBot.BotFramework.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static ConfidantBot.BotFramework.Tests.Authentication.AuthenticationTestSupport;

namespace ConfidantBot.BotFramework.Tests.Authentication;

public sealed class BotAuthenticationRegistrationTests(TokenIssuerFixture fixture) : IClassFixture<TokenIssuerFixture>
{
    private readonly TestTokenIssuer _issuer = fixture.Issuer;

    [Fact]
    public async Task Options_bound_from_the_BotAuthentication_section_drive_the_registered_authenticator()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BotAuthentication:AppId"] = TestTokenIssuer.DefaultAppId,
            ["BotAuthentication:AllowedTenantIds:0"] = "00000000-0000-0000-0000-0000000000dd",
            ["BotAuthentication:AllowedTenantIds:1"] = TestTokenIssuer.DefaultTenantId,
            ["BotAuthentication:OpenIdMetadataUrl"] = _issuer.MetadataUrl,
            ["BotAuthentication:ClockSkew"] = "00:02:00",
        }).Build();
        await using var provider = BuildProvider(services => services.AddBotAuthentication(configuration.GetSection(BotAuthenticationOptions.SectionName)));

        var options = provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value;
        var authenticator = provider.GetRequiredService<IRequestAuthenticator>();
        var activity = TeamsMessage();
        var outcome = await authenticator.AuthenticateAsync("Bearer " + _issuer.CreateToken(TestTokenIssuer.DefaultAppId, activity.ServiceUrl), activity, CancellationToken.None);

        Assert.Equal(["00000000-0000-0000-0000-0000000000dd", TestTokenIssuer.DefaultTenantId], options.AllowedTenantIds);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ClockSkew);
        Assert.Same(authenticator, provider.GetRequiredService<IRequestAuthenticator>());
        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public async Task Options_set_in_code_are_used()
    {
        await using var provider = BuildProvider(services => services.AddBotAuthentication(options => _issuer.Configure(options, tenantId: "00000000-0000-0000-0000-0000000000dd")));
        var activity = TeamsMessage();

        var outcome = await provider.GetRequiredService<IRequestAuthenticator>()
            .AuthenticateAsync("Bearer " + _issuer.CreateToken(TestTokenIssuer.DefaultAppId, activity.ServiceUrl), activity, CancellationToken.None);

        Assert.Equal(403, outcome.StatusCode);
        Assert.Equal("tenant not allowed", outcome.Reason);
    }

    [Fact]
    public void The_defaults_follow_the_connector_authentication_spec()
    {
        var options = new BotAuthenticationOptions();

        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ClockSkew);
        Assert.InRange(options.KeyRefreshInterval, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        Assert.False(options.IsEnabled);
        Assert.Null(options.EntraOpenIdMetadataUrlForTenant());

        options.TenantId = TestTokenIssuer.DefaultTenantId;
        Assert.Equal($"https://login.microsoftonline.com/{TestTokenIssuer.DefaultTenantId}/v2.0/.well-known/openid-configuration", options.EntraOpenIdMetadataUrlForTenant());
    }

    [Fact]
    public async Task Invalid_settings_are_reported_by_their_configuration_names()
    {
        await using var provider = BuildProvider(services => services.AddBotAuthentication(options =>
        {
            options.AppId = TestTokenIssuer.DefaultAppId;
            options.TenantId = "contoso.onmicrosoft.com";
            options.AllowedTenantIds.Add("not-a-guid");
            options.OpenIdMetadataUrl = "http://login.botframework.com/v1/.well-known/openidconfiguration";
            options.EntraOpenIdMetadataUrl = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
            options.KeyRefreshInterval = TimeSpan.FromDays(2);
            options.ClockSkew = TimeSpan.FromHours(1);
        }));

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value);

        Assert.Contains("BotAuthentication:TenantId", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BotAuthentication:AllowedTenantIds", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BotAuthentication:OpenIdMetadataUrl", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BotAuthentication:EntraOpenIdMetadataUrl must contain {tenant}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BotAuthentication:KeyRefreshInterval", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BotAuthentication:ClockSkew", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_mode_without_an_app_id_is_valid_and_fails_closed()
    {
        await using var provider = BuildProvider(services => services.AddBotAuthentication(_ => { }));

        var options = provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value;
        var outcome = await provider.GetRequiredService<IRequestAuthenticator>().AuthenticateAsync("Bearer x.y.z", TeamsMessage(), CancellationToken.None);

        Assert.False(options.IsEnabled);
        Assert.Equal(401, outcome.StatusCode);
    }

    private static ServiceProvider BuildProvider(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
