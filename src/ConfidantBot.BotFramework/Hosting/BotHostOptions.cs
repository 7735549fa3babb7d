namespace ConfidantBot.BotFramework.Hosting;

/// <summary>Limits for inbound requests at <c>/api/messages</c>.</summary>
public sealed class BotHostOptions
{
    /// <summary>Teams activities are a few KB; anything above this is refused with 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;
}
