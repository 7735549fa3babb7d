using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// A tiny bot for the local channel's tests: greets a new conversation, echoes text and follows it
/// with an Adaptive Card (Action.Execute with an Action.Submit fallback, as Teams cards should be),
/// and confirms a card submit. Records every activity it receives.
/// </summary>
public sealed class RecordingBot : IBot
{
    public const string Greeting = "Welkom bij de testbot.";
    public const string CardButton = "Bevestigen";

    private readonly Channel<Activity> _received = Channel.CreateUnbounded<Activity>();
    private readonly ConcurrentQueue<Activity> _all = new();

    public IReadOnlyCollection<Activity> All => _all.ToArray();

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        _all.Enqueue(activity);
        await _received.Writer.WriteAsync(activity, cancellationToken);

        if (activity.Type == ActivityTypes.ConversationUpdate && activity.MembersAdded?.Any(member => member.Id == activity.From?.Id) == true)
        {
            await turnContext.SendTextAsync(Greeting, cancellationToken);
        }
        else if (activity.Type == ActivityTypes.Message && activity.Value is { ValueKind: JsonValueKind.Object } value)
        {
            var action = value.TryGetProperty("action", out var named) ? named.GetString() : "?";
            await turnContext.SendTextAsync($"Kaart ontvangen: {action}", cancellationToken);
        }
        else if (activity.Type == ActivityTypes.Message && activity.Text is { Length: > 0 } text)
        {
            await turnContext.SendTextAsync($"Echo: {text}", cancellationToken);
            await turnContext.SendAttachmentAsync(Attachment.AdaptiveCard(Card()), cancellationToken);
        }
    }

    /// <summary>Waits for the next activity of a type (skipping others).</summary>
    public async Task<Activity> NextAsync(string type, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Patience.Default);
        try
        {
            while (true)
            {
                var activity = await _received.Reader.ReadAsync(cts.Token);
                if (activity.Type == type)
                {
                    return activity;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The bot received no {type} activity.");
        }
    }

    private static JsonElement Card() => JsonDocument.Parse("""
        {
          "type": "AdaptiveCard",
          "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
          "version": "1.5",
          "body": [
            { "type": "TextBlock", "text": "Testkaart", "weight": "Bolder", "wrap": true }
          ],
          "actions": [
            {
              "type": "Action.Execute",
              "title": "Bevestigen",
              "verb": "confirm",
              "data": { "action": "confirm" },
              "fallback": { "type": "Action.Submit", "title": "Bevestigen", "data": { "action": "confirm" } }
            }
          ]
        }
        """).RootElement.Clone();
}
