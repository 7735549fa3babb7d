using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ConfidantBot.BotFramework.Telemetry;
using ConfidantBot.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Privacy.Keys;

/// <summary>
/// Keys from Azure Key Vault secrets (base64 of 32 random bytes). The data key's secret versions
/// are the key versions stored with sealed records; rotating is adding a new secret version.
/// Each key is fetched once per <see cref="KeyVaultOptions.CacheDuration"/>, not per turn.
/// </summary>
public sealed partial class KeyVaultKeyProvider : IKeyProvider
{
    private readonly SecretClient client;
    private readonly KeyVaultOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<KeyVaultKeyProvider> logger;
    private readonly ConfidantBotMetrics? metrics;
    private readonly RefreshingValue<VersionedKey> currentDataKey;
    private readonly RefreshingValue<VersionedKey> hmacKey;
    private readonly ConcurrentDictionary<string, RefreshingValue<VersionedKey>> dataKeysByVersion = new(StringComparer.Ordinal);

    public KeyVaultKeyProvider(SecretClient client, IOptions<KeyVaultOptions> options, TimeProvider timeProvider, ILogger<KeyVaultKeyProvider> logger, ConfidantBotMetrics? metrics = null)
    {
        this.metrics = metrics;
        this.client = client;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        currentDataKey = Refreshing(this.options.DataKeySecretName, version: null);
        hmacKey = Refreshing(this.options.HmacKeySecretName, version: null);
    }

    public async ValueTask<VersionedKey> GetCurrentDataKeyAsync(CancellationToken cancellationToken = default)
    {
        var key = await currentDataKey.GetAsync(cancellationToken).ConfigureAwait(false);

        // The current key is also a version: opening what was just sealed needs no second fetch.
        dataKeysByVersion.GetOrAdd(key.Version, v => Refreshing(options.DataKeySecretName, v)).Offer(key);
        return key;
    }

    public async ValueTask<ReadOnlyMemory<byte>> GetDataKeyAsync(string version, CancellationToken cancellationToken = default)
    {
        if (!IsPlausibleVersion(version))
        {
            throw new UnknownKeyVersionException(version);
        }

        var entry = dataKeysByVersion.GetOrAdd(version, v => Refreshing(options.DataKeySecretName, v));
        try
        {
            return (await entry.GetAsync(cancellationToken).ConfigureAwait(false)).Material;
        }
        catch (UnknownKeyVersionException)
        {
            // Forget versions that do not exist, so made-up versions cannot grow the cache.
            dataKeysByVersion.TryRemove(version, out _);
            throw;
        }
    }

    public ValueTask<VersionedKey> GetHmacKeyAsync(CancellationToken cancellationToken = default) =>
        hmacKey.GetAsync(cancellationToken);

    private RefreshingValue<VersionedKey> Refreshing(string secretName, string? version) =>
        new(ct => FetchAsync(secretName, version, ct), timeProvider, options.CacheDuration);

    // Key Vault secret versions are 32 hex characters; anything else cannot exist there.
    private static bool IsPlausibleVersion(string version) =>
        version.Length is > 0 and <= 64 && version.All(char.IsAsciiLetterOrDigit);

    private async Task<VersionedKey> FetchAsync(string secretName, string? version, CancellationToken cancellationToken)
    {
        var role = secretName == options.HmacKeySecretName ? "hmac" : "data";
        using var activity = DependencyActivity.Start(AppActivities.Source, "Key Vault", client.VaultUri?.Host ?? "vault", "GET", "get " + role + " key");
        try
        {
            return await FetchOnceAsync(secretName, version, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyUnavailableException exception)
        {
            // An unknown version someone asked for is not a Key Vault failure; an unavailable key is.
            metrics?.KeyVaultFetchFailed(role);
            activity.Failed(exception);
            throw;
        }
    }

    private async Task<VersionedKey> FetchOnceAsync(string secretName, string? version, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret;
        try
        {
            secret = (await client.GetSecretAsync(secretName, version, outContentType: null, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && version is not null)
        {
            throw new UnknownKeyVersionException(version);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new KeyUnavailableException(
                $"Key Vault {client.VaultUri} has no secret '{secretName}'. Create it with base64 of 32 random bytes (for example `openssl rand -base64 32`), or set the right name in KeyVault:{(secretName == options.HmacKeySecretName ? nameof(KeyVaultOptions.HmacKeySecretName) : nameof(KeyVaultOptions.DataKeySecretName))}.",
                ex);
        }
        catch (RequestFailedException ex)
        {
            throw new KeyUnavailableException(
                $"Key Vault {client.VaultUri} did not return secret '{secretName}' (HTTP {ex.Status}). Check that the vault is reachable and that the app's identity may get secrets.",
                ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is RequestFailedException))
        {
            // Azure.Core gives up after its retries with all the attempts' failures together.
            throw new KeyUnavailableException(
                $"Key Vault {client.VaultUri} could not be reached after {ex.InnerExceptions.Count} attempts. Check the network path to the vault.",
                ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new KeyUnavailableException(
                $"Could not sign in to Key Vault {client.VaultUri} (DefaultAzureCredential). Check the app's managed identity or local Azure sign-in.",
                ex);
        }

        var key = DecodeKey(secret.Value, secretName);
        if (version is not null && secret.Properties.Version is { } returned && returned != version)
        {
            throw new KeyUnavailableException($"Key Vault returned version '{returned}' of secret '{secretName}' when asked for '{version}'.");
        }

        var fetchedVersion = secret.Properties.Version ?? version;
        if (fetchedVersion is null || !IsPlausibleVersion(fetchedVersion))
        {
            throw new KeyUnavailableException($"Key Vault returned secret '{secretName}' without a usable version.");
        }

        LogKeyFetched(logger, secretName, fetchedVersion);
        return new VersionedKey(fetchedVersion, key);
    }

    private static byte[] DecodeKey(string? value, string secretName)
    {
        var buffer = new byte[VersionedKey.Length + 1];
        if (value is null
            || !Convert.TryFromBase64String(value.Trim(), buffer, out var written)
            || written != VersionedKey.Length)
        {
            throw new KeyUnavailableException(
                $"Key Vault secret '{secretName}' must hold base64 of exactly {VersionedKey.Length} random bytes (for example `openssl rand -base64 32`); it holds something else.");
        }

        var key = buffer[..VersionedKey.Length];
        CryptographicOperations.ZeroMemory(buffer);
        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched key {SecretName} version {KeyVersion} from Key Vault")]
    private static partial void LogKeyFetched(ILogger logger, string secretName, string keyVersion);
}
