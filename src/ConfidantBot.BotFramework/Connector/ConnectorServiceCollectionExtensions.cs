using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Connector;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IConnectorClient"/> (a typed HttpClient with the connector's resilience
    /// pipeline), <see cref="IConnectorTokenProvider"/> (cached token from
    /// <see cref="ConnectorOptions.Credential"/>, or none when it is null) and the singleton
    /// <see cref="IServiceUrlTrust"/> the host must feed after authenticating each activity.
    /// </summary>
    public static IHttpClientBuilder AddBotConnector(this IServiceCollection services, Action<ConnectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<ConnectorOptions>()
            .Configure(configure)
            .Validate(o => o.FindInvalidSetting() is null, "Connector settings are out of range; see ConnectorOptions.FindInvalidSetting().")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IServiceUrlTrust, ServiceUrlTrust>();
        services.TryAddSingleton<IConnectorTokenProvider>(CreateTokenProvider);

        var client = services
            .AddHttpClient<IConnectorClient, ConnectorClient>(ConnectorClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A trusted host must not be able to bounce the bearer token elsewhere.
                AllowAutoRedirect = false,
                UseCookies = false,
                // Teams service URLs sit behind Traffic Manager: pick up DNS changes.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        client.AddResilienceHandler(ConnectorResilience.PipelineName, (pipeline, context) => ConnectorResilience.Configure(pipeline, context.ServiceProvider));
        return client;
    }

    private static IConnectorTokenProvider CreateTokenProvider(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ConnectorOptions>>().Value;
        return options.Credential is null
            ? new NoConnectorTokenProvider()
            : new CredentialConnectorTokenProvider(options.Credential, options.TokenRefreshMargin, services.GetRequiredService<TimeProvider>());
    }
}
