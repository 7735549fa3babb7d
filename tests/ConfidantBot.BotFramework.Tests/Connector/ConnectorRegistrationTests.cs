using ConfidantBot.BotFramework.Connector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Tests.Connector;

public sealed class ConnectorRegistrationTests
{
    [Fact]
    public async Task Out_of_range_settings_are_refused_with_the_setting_named()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotConnector(o => o.MaxRetries = 50);
        await using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IConnectorClient>());

        Assert.Contains("MaxRetries", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trust_and_token_provider_are_shared_by_every_client_instance()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotConnector(o => o.LocalMode = true);
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IServiceUrlTrust>().Trust("http://127.0.0.1:3978/");

        Assert.Same(provider.GetRequiredService<IServiceUrlTrust>(), provider.GetRequiredService<IServiceUrlTrust>());
        Assert.IsType<NoConnectorTokenProvider>(provider.GetRequiredService<IConnectorTokenProvider>());
        Assert.True(provider.GetRequiredService<IServiceUrlTrust>().IsTrusted("http://127.0.0.1:3978"));
        Assert.NotSame(provider.GetRequiredService<IConnectorClient>(), provider.GetRequiredService<IConnectorClient>());
    }
}
