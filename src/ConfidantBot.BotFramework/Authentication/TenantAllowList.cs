namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// The tenants whose activities are accepted: the bot's own <see cref="BotAuthenticationOptions.TenantId"/>
/// and any further <see cref="BotAuthenticationOptions.AllowedTenantIds"/>; every tenant when neither is set.
/// </summary>
public sealed class TenantAllowList
{
    private readonly HashSet<string> _allowed;

    public TenantAllowList(BotAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IEnumerable<string?> configured = options.AllowedTenantIds.Prepend(options.TenantId);
        _allowed = new HashSet<string>(
            configured.OfType<string>().Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when no tenant restriction is configured.</summary>
    public bool AllowsEveryTenant => _allowed.Count == 0;

    /// <summary>An activity without a tenant id is refused as soon as any restriction is configured.</summary>
    public bool Allows(string? tenantId) =>
        AllowsEveryTenant || (!string.IsNullOrWhiteSpace(tenantId) && _allowed.Contains(tenantId.Trim()));
}
