namespace ConfidantBot.BotFramework.State;

public sealed class ConversationStateOptions
{
    /// <summary>
    /// How long a conversation's state lives after its last save. An idle conversation then starts
    /// fresh, and nothing lingers in storage longer than needed.
    /// </summary>
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromMinutes(30);
}
