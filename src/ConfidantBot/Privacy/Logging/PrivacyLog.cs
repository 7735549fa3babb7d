using Microsoft.Extensions.Logging;

namespace ConfidantBot.Privacy.Logging;

/// <summary>
/// Log messages that mention a person's identifiers. Their identifier parameters are classified,
/// so with <see cref="PrivacyLoggingExtensions.AddPrivacyLogging"/> the values never reach a log
/// sink; the message still says what happened. Other capabilities follow the same pattern.
/// </summary>
public static partial class PrivacyLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Keys unavailable while serving conversation {ConversationId}; the person was asked to try again later")]
    public static partial void KeysUnavailable(ILogger logger, [PersonalData] string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forget-me for user {UserId} removed {RecordCount} routing records")]
    public static partial void ForgetMeCompleted(ILogger logger, [PersonalData] string userId, int recordCount);
}
