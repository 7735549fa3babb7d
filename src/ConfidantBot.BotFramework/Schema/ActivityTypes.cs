namespace ConfidantBot.BotFramework.Schema;

/// <summary>Activity type names from the Bot Framework Activity specification.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string MessageReaction = "messageReaction";
    public const string EndOfConversation = "endOfConversation";
}
