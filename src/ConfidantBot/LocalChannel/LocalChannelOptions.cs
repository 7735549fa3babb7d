namespace ConfidantBot.LocalChannel;

/// <summary>
/// Limits of the local test channel (section <c>LocalChannel</c>). It keeps conversations in memory
/// only: it is a developer's channel, so a restart forgets every chat, and old or surplus
/// conversations are dropped rather than allowed to grow without bound.
/// </summary>
public sealed class LocalChannelOptions
{
    public const string SectionName = "LocalChannel";

    /// <summary>The tenant the made-up local people belong to (<c>conversation.tenantId</c>, <c>channelData.tenant.id</c>).</summary>
    public string TenantId { get; set; } = LocalIdentities.TenantId;

    /// <summary>At most this many conversations are kept; starting one more drops the least recently used.</summary>
    public int MaxConversations { get; set; } = 200;

    /// <summary>A conversation with no message in either direction for this long is forgotten.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How many activities per conversation are kept for a page that reconnects or reloads its stream.</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>Bodies the page or the bot post above this size are refused with 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How long the channel waits for the bot to finish a turn at <c>/api/messages</c>.</summary>
    public TimeSpan BotTurnTimeout { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>How often an idle event stream sends a keep-alive comment.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where npm installed the page's libraries, relative to the content root.</summary>
    public string ClientLibrariesPath { get; set; } = Path.Combine("ClientApp", "node_modules");
}
