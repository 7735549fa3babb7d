using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Roster.Admin;

/// <summary>
/// Asked before every admin action, not only at entry: rights can be withdrawn while a
/// conversation is open, and a card can be submitted long after it was shown.
/// </summary>
public sealed class AdminGate(IHrAdminAuthorizer authorizer)
{
    /// <summary>The admin's Entra object id when this turn comes from an HR admin; otherwise null.</summary>
    public async Task<string?> AdminIdAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var objectId = activity.From?.AadObjectId;
        return await authorizer.IsAdminAsync(activity.TenantId, objectId, cancellationToken).ConfigureAwait(false) ? objectId : null;
    }

    public static Task RefuseAsync(ITurnContext turn, CancellationToken cancellationToken)
        => turn.SendActivityAsync(Activity.CreateMessage(Texts.Get(turn.Activity.Locale, "roster.refused")), cancellationToken);
}

/// <summary>What a form's submit led to, handed from the prompt's validator to the step after it (this turn only).</summary>
internal sealed record FormOutcome(FormOutcomeKind Kind, string? Name = null, RosterAdminOptions? Next = null)
{
    private const string TurnStateKey = "roster.formOutcome";

    public static void Set(ITurnContext turn, FormOutcome outcome) => turn.TurnState[TurnStateKey] = outcome;

    public static FormOutcome Get(ITurnContext turn)
        => turn.TurnState.TryGetValue(TurnStateKey, out var value) && value is FormOutcome outcome ? outcome : new FormOutcome(FormOutcomeKind.Cancelled);
}

internal enum FormOutcomeKind
{
    Saved,
    Cancelled,
    Refused,
    NotFound,

    /// <summary>Another admin button was pressed while the form was open: run that instead.</summary>
    Redirect,
}
