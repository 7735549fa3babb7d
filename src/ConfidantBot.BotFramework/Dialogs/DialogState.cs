using System.Text.Json.Nodes;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>One dialog on the stack: which dialog it is and its own JSON state.</summary>
public sealed class DialogInstance
{
    public required string Id { get; init; }

    /// <summary>The dialog's persisted state. Ids and choices only: never free text (see <c>ConversationState</c>).</summary>
    public JsonObject State { get; init; } = [];
}

/// <summary>The dialog stack as persisted in conversation state. The active dialog is the last one.</summary>
public sealed class DialogState
{
    public List<DialogInstance> DialogStack { get; init; } = [];
}
