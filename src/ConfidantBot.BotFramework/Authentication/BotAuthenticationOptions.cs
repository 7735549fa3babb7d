namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// How inbound Bot Framework requests are authenticated. Bound from the configuration section
/// <see cref="SectionName"/>. With no <see cref="AppId"/> authentication is off (local mode); the host
/// decides whether that is allowed.
/// </summary>
public sealed class BotAuthenticationOptions
{
    public const string SectionName = "BotAuthentication";

    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Placeholder in <see cref="EntraOpenIdMetadataUrl"/> that is replaced by <see cref="TenantId"/>.</summary>
    public const string TenantPlaceholder = "{tenant}";

    public const string DefaultEntraOpenIdMetadataUrl = "https://login.microsoftonline.com/" + TenantPlaceholder + "/v2.0/.well-known/openid-configuration";

    /// <summary>The bot's Microsoft App ID: the audience every inbound token must carry.</summary>
    public string? AppId { get; set; }

    /// <summary>
    /// The tenant of a single-tenant bot (a GUID). When set, Entra-issued tokens from this tenant are
    /// accepted too, and only activities from this tenant and <see cref="AllowedTenantIds"/>.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>Further tenants whose activities are accepted, besides <see cref="TenantId"/>. Both empty: any tenant.</summary>
    public IList<string> AllowedTenantIds { get; } = [];

    /// <summary>Bot Framework OpenID metadata; its <c>jwks_uri</c> lists the channel signing keys.</summary>
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Entra OpenID metadata for the bot's tenant, with <see cref="TenantPlaceholder"/> for the tenant id.</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = DefaultEntraOpenIdMetadataUrl;

    /// <summary>Clock difference tolerated on <c>nbf</c> and <c>exp</c>; the spec allows 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long signing keys are cached before they are fetched again; the spec asks for at most 24 hours.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The least time between two fetches caused by tokens with an unknown key id, so that forged
    /// tokens cannot make the bot hammer the metadata endpoint.
    /// </summary>
    public TimeSpan MinimumKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when an app id is configured, i.e. every inbound request must carry a valid token.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>The Entra metadata URL for <see cref="TenantId"/>, or null for a multi-tenant bot.</summary>
    public string? EntraOpenIdMetadataUrlForTenant() =>
        string.IsNullOrWhiteSpace(TenantId)
            ? null
            : EntraOpenIdMetadataUrl.Replace(TenantPlaceholder, Uri.EscapeDataString(TenantId.Trim()), StringComparison.OrdinalIgnoreCase);
}
