using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Privacy.Sealing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Privacy;

public static class PrivacyExtensions
{
    /// <summary>
    /// Keys (Key Vault when <c>KeyVault:VaultUri</c> is set, else the local key file), sealing,
    /// person hashing, the sealed routing store and the retention sweep. Needs an
    /// <see cref="BotFramework.Storage.IStorage"/> registered by the storage step.
    /// Settings are validated at start; a bad one stops the app with a message naming it.
    /// </summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        if (IsKeyVaultConfigured(builder.Configuration))
        {
            AddKeyVaultKeys(services);
        }
        else
        {
            AddLocalKeyFile(builder);
        }

        services.TryAddSingleton<RoutingSealer>();
        services.TryAddSingleton<PersonKeyHasher>();
        services.TryAddSingleton<SealedRoutingStore>();

        services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.DaysAfterAppointment >= 0, "Retention:DaysAfterAppointment must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return builder;
    }

    private static bool IsKeyVaultConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{KeyVaultOptions.SectionName}:{nameof(KeyVaultOptions.VaultUri)}"]);

    private static void AddKeyVaultKeys(IServiceCollection services)
    {
        services.AddOptions<KeyVaultOptions>()
            .BindConfiguration(KeyVaultOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.VaultUri is { IsAbsoluteUri: true, Scheme: "https" },
                "KeyVault:VaultUri must be the vault's https URL, for example https://my-vault.vault.azure.net/.")
            .Validate(
                o => !string.Equals(o.DataKeySecretName, o.HmacKeySecretName, StringComparison.OrdinalIgnoreCase),
                "KeyVault:DataKeySecretName and KeyVault:HmacKeySecretName must name two different secrets.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new SecretClient(
            sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri!,
            KeyVaultCredential(sp.GetRequiredService<IConfiguration>())));
        services.TryAddSingleton<IKeyProvider, KeyVaultKeyProvider>();
    }

    /// <summary>
    /// The bot's user-assigned managed identity, named by its client id (<c>AZURE_CLIENT_ID</c>, else
    /// <c>Bot:AppId</c>, which the deployment sets to the same id), as the connector uses it: never
    /// whatever identity a credential chain happens to find first on the machine. Only without any
    /// client id (a developer trying Key Vault) does the developer's own sign-in apply.
    /// </summary>
    public static TokenCredential KeyVaultCredential(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clientId = configuration["AZURE_CLIENT_ID"] is { Length: > 0 } configured ? configured : configuration["Bot:AppId"];
        return string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    private static void AddLocalKeyFile(IHostApplicationBuilder builder)
    {
        // The key file lives in the bot's data folder (Bot:DataDirectory) unless LocalKeys:DataDirectory says otherwise.
        var fallbackDirectory = Hosting.HostingExtensions.ResolveDataDirectory(builder);
        builder.Services.AddOptions<LocalKeyFileOptions>()
            .BindConfiguration(LocalKeyFileOptions.SectionName)
            .PostConfigure(o => o.DataDirectory = string.IsNullOrWhiteSpace(o.DataDirectory) ? fallbackDirectory : o.DataDirectory)
            .Validate(
                o => o.DataDirectory!.IndexOfAny(Path.GetInvalidPathChars()) < 0,
                "LocalKeys:DataDirectory is not a valid folder path.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<LocalKeyFileProvider>();
        builder.Services.TryAddSingleton<IKeyProvider>(sp => sp.GetRequiredService<LocalKeyFileProvider>());
    }
}
