using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>Checks <see cref="BotAuthenticationOptions"/> at start-up, naming the setting to fix.</summary>
public sealed class BotAuthenticationOptionsValidator : IValidateOptions<BotAuthenticationOptions>
{
    private static readonly TimeSpan MaximumKeyRefreshInterval = TimeSpan.FromHours(24);
    private static readonly TimeSpan MaximumClockSkew = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, BotAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = BotAuthenticationOptions.SectionName;

        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (!string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(options.TenantId, out _))
        {
            failures.Add($"{section}:TenantId must be the tenant's GUID (Entra tokens name the tenant by its id).");
        }

        foreach (var tenant in options.AllowedTenantIds)
        {
            if (!Guid.TryParse(tenant, out _))
            {
                failures.Add($"{section}:AllowedTenantIds contains an entry that is not a tenant GUID.");
                break;
            }
        }

        AddUrlFailure(failures, $"{section}:OpenIdMetadataUrl", options.OpenIdMetadataUrl);
        if (!options.EntraOpenIdMetadataUrl.Contains(BotAuthenticationOptions.TenantPlaceholder, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{section}:EntraOpenIdMetadataUrl must contain {BotAuthenticationOptions.TenantPlaceholder}.");
        }
        else
        {
            AddUrlFailure(failures, $"{section}:EntraOpenIdMetadataUrl",
                options.EntraOpenIdMetadataUrl.Replace(BotAuthenticationOptions.TenantPlaceholder, "tenant", StringComparison.OrdinalIgnoreCase));
        }

        if (options.KeyRefreshInterval <= TimeSpan.Zero || options.KeyRefreshInterval > MaximumKeyRefreshInterval)
        {
            failures.Add($"{section}:KeyRefreshInterval must be more than zero and at most 24 hours (the spec's limit).");
        }

        if (options.MinimumKeyRefreshInterval < TimeSpan.Zero || options.MinimumKeyRefreshInterval > options.KeyRefreshInterval)
        {
            failures.Add($"{section}:MinimumKeyRefreshInterval must be between zero and KeyRefreshInterval.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > MaximumClockSkew)
        {
            failures.Add($"{section}:ClockSkew must be between zero and 10 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddUrlFailure(List<string> failures, string setting, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !MetadataDocumentRetriever.IsAllowedAddress(uri))
        {
            failures.Add($"{setting} must be an absolute https URL (http only for a loopback address).");
        }
    }
}
