using System.Collections.Concurrent;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Tests.Hosting;

/// <summary>Wraps the app's real bot handler and notes every activity it was given, so a test can prove it never ran.</summary>
public sealed class RecordingHandler(IBot inner) : IBot
{
    private readonly ConcurrentQueue<Activity> _turns = new();

    public IReadOnlyCollection<Activity> Turns => _turns.ToArray();

    public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        _turns.Enqueue(turnContext.Activity);
        return inner.OnTurnAsync(turnContext, cancellationToken);
    }
}
