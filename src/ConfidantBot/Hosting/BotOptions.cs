using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Hosting;

/// <summary>
/// Who the bot is. With no <see cref="AppId"/> the bot runs in local mode: no inbound
/// authentication, loopback only, embedded storage and keys. Section <c>Bot</c>.
/// </summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>The Microsoft App ID of the Azure Bot (the managed identity's client id).</summary>
    public string? AppId { get; set; }

    /// <summary>The Entra tenant the bot belongs to (single-tenant bot).</summary>
    public string? TenantId { get; set; }

    /// <summary>Further Teams tenants whose people may use the bot. Empty: only <see cref="TenantId"/>.</summary>
    public List<string> AllowedTenantIds { get; set; } = [];

    /// <summary>Where the embedded store and local key file live (local mode, or SQLite in production).</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public bool IsLocalMode => string.IsNullOrWhiteSpace(AppId);
}
