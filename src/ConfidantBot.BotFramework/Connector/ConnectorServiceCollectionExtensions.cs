using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
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

        services.AddOptions<ConnectorOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IServiceUrlTrust, ServiceUrlTrust>();
        services.TryAddSingleton<IServiceHostResolver, DnsServiceHostResolver>();
        services.TryAddSingleton<IConnectorTokenProvider>(CreateTokenProvider);

        // A factory instead of the activator-built typed client: no expression compiler loaded for one constructor.
        var client = services
            .AddHttpClient(ConnectorClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient<IConnectorClient>((http, provider) => new ConnectorClient(
                http,
                provider.GetRequiredService<IConnectorTokenProvider>(),
                provider.GetRequiredService<IServiceUrlTrust>(),
                provider.GetRequiredService<ILogger<ConnectorClient>>()))
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // A trusted host must not be able to bounce the bearer token elsewhere.
                AllowAutoRedirect = false,
                UseCookies = false,
                // A proxy would connect for us, past the address check below.
                UseProxy = false,
                // Teams service URLs sit behind Traffic Manager: pick up DNS changes.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = ServiceAddressGuard.ConnectCallback(
                    provider.GetRequiredService<IServiceHostResolver>(),
                    provider.GetRequiredService<IOptions<ConnectorOptions>>().Value.LocalMode),
            });
        // The factory's default request logging writes the URL, and the URL holds the conversation id.
        client.RemoveAllLoggers();
        client.AddResilienceHandler(ConnectorResilience.PipelineName, (pipeline, context) => ConnectorResilience.Configure(pipeline, context.ServiceProvider));
        return client;
    }

    private static IConnectorTokenProvider CreateTokenProvider(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ConnectorOptions>>().Value;
        return options.HasCredential
            ? CreateCredentialTokenProvider(options, services)
            : new NoConnectorTokenProvider();
    }

    // Kept out of CreateTokenProvider so that a host without a credential (local mode) never loads Azure.Core.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IConnectorTokenProvider CreateCredentialTokenProvider(ConnectorOptions options, IServiceProvider services)
        => new CredentialConnectorTokenProvider(options.Credential!, options.TokenRefreshMargin, services.GetRequiredService<TimeProvider>());

    /// <summary>Fails start-up with a message naming the connector setting to fix.</summary>
    private sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConnectorOptions options) =>
            options.FindInvalidSetting() is { } problem
                ? ValidateOptionsResult.Fail("Connector: " + problem)
                : ValidateOptionsResult.Success;
    }
}
