namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>Where the dialog stack stands after a turn, or after one dialog operation.</summary>
public enum DialogTurnStatus
{
    /// <summary>No dialog was active.</summary>
    Empty,

    /// <summary>A dialog is waiting for the person's next message.</summary>
    Waiting,

    /// <summary>The dialog ended and returned <see cref="DialogTurnResult.Result"/>.</summary>
    Complete,

    /// <summary>The dialogs were cancelled.</summary>
    Cancelled,
}

/// <summary>Why a dialog is being ended or resumed.</summary>
public enum DialogReason
{
    BeginCalled,
    ContinueCalled,
    EndCalled,
    ReplaceCalled,
    CancelCalled,
    NextCalled,
}

/// <summary>The outcome of a dialog operation. <see cref="Result"/> is an in-memory value (never persisted).</summary>
public sealed record DialogTurnResult(DialogTurnStatus Status, object? Result = null);
