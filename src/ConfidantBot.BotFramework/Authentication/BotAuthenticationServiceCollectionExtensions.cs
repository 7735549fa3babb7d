using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Authentication;

public static class BotAuthenticationServiceCollectionExtensions
{
    /// <summary>The named <see cref="HttpClient"/> used to fetch OpenID metadata and signing keys.</summary>
    public const string MetadataHttpClientName = "ConfidantBot.BotFramework.OpenIdMetadata";

    private static readonly TimeSpan MetadataFetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Registers <see cref="IRequestAuthenticator"/> with options bound from <paramref name="section"/> (usually "BotAuthentication").</summary>
    public static IServiceCollection AddBotAuthentication(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<BotAuthenticationOptions>().Bind(section);
        return services.AddBotAuthenticationCore();
    }

    /// <summary>Registers <see cref="IRequestAuthenticator"/> with options set in code.</summary>
    public static IServiceCollection AddBotAuthentication(this IServiceCollection services, Action<BotAuthenticationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<BotAuthenticationOptions>().Configure(configure);
        return services.AddBotAuthenticationCore();
    }

    private static IServiceCollection AddBotAuthenticationCore(this IServiceCollection services)
    {
        services.AddOptions<BotAuthenticationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotAuthenticationOptions>, BotAuthenticationOptionsValidator>());
        services.AddHttpClient(MetadataHttpClientName, client => client.Timeout = MetadataFetchTimeout);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRequestAuthenticator>(provider =>
        {
            var clients = provider.GetRequiredService<IHttpClientFactory>();
            return new BotRequestAuthenticator(
                provider.GetRequiredService<IOptions<BotAuthenticationOptions>>(),
                new MetadataDocumentRetriever(() => clients.CreateClient(MetadataHttpClientName)),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<BotRequestAuthenticator>>());
        });
        return services;
    }
}
