using System.Globalization;
using System.Text.Json;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Testing;

/// <summary>
/// An in-memory <see cref="BotAdapter"/> for tests: runs turns for one conversation and keeps what
/// the bot sent (with ids, so updates can be checked). Nothing goes over the network.
/// </summary>
public sealed class TestAdapter : BotAdapter
{
    private readonly List<Activity> _sent = [];
    private readonly Lock _lock = new();
    private int _nextId;

    public TestAdapter(ConversationReference? conversation = null)
    {
        Conversation = conversation ?? new ConversationReference
        {
            ChannelId = "test",
            ServiceUrl = "http://127.0.0.1/",
            Conversation = new ConversationAccount { Id = "test-conversation", ConversationType = "personal" },
            User = new ChannelAccount { Id = "test-user", Role = "user" },
            Bot = new ChannelAccount { Id = "test-bot", Role = "bot" },
            Locale = "nl-NL",
        };
    }

    /// <summary>The conversation every turn of this adapter belongs to.</summary>
    public ConversationReference Conversation { get; }

    /// <summary>Everything the bot sent (as last updated), oldest first.</summary>
    public IReadOnlyList<Activity> SentActivities
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>A message from the user in this conversation, addressed like a channel would.</summary>
    public Activity MakeActivity(string? text = null, string type = ActivityTypes.Message) => new()
    {
        Type = type,
        Text = text,
        ChannelId = Conversation.ChannelId,
        ServiceUrl = Conversation.ServiceUrl,
        Conversation = Conversation.Conversation,
        From = Conversation.User,
        Recipient = Conversation.Bot,
        Locale = Conversation.Locale,
    };

    /// <summary>Runs one turn for <paramref name="activity"/> and returns what the bot sent in it.</summary>
    public async Task<IReadOnlyList<Activity>> ProcessActivityAsync(Activity activity, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(callback);
        activity.Id ??= NextId("in-");
        activity.ChannelId ??= Conversation.ChannelId;
        activity.ServiceUrl ??= Conversation.ServiceUrl;
        activity.Conversation ??= Conversation.Conversation;
        activity.From ??= Conversation.User;
        activity.Recipient ??= Conversation.Bot;
        activity.Timestamp ??= DateTimeOffset.UtcNow;

        int before;
        lock (_lock)
        {
            before = _sent.Count;
        }

        var turn = new TurnContext(this, activity);
        await callback(turn, cancellationToken).ConfigureAwait(false);
        LastInvokeResponse = turn.InvokeResponse;

        lock (_lock)
        {
            return [.. _sent.Skip(before)];
        }
    }

    /// <summary>The invoke response of the last turn processed (null for non-invoke turns).</summary>
    public InvokeResponse? LastInvokeResponse { get; private set; }

    public override Task<ResourceResponse?> SendActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var copy = Copy(activity);
        copy.Id = NextId("out-");
        lock (_lock)
        {
            _sent.Add(copy);
        }

        return Task.FromResult<ResourceResponse?>(new ResourceResponse { Id = copy.Id });
    }

    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_lock)
        {
            var index = _sent.FindIndex(a => a.Id == activity.Id);
            if (index < 0)
            {
                throw new InvalidOperationException($"The bot never sent an activity with id '{activity.Id}', so it cannot be updated.");
            }

            _sent[index] = Copy(activity);
        }

        return Task.FromResult<ResourceResponse?>(new ResourceResponse { Id = activity.Id });
    }

    /// <summary>Runs <paramref name="callback"/> in a proactive turn (an <c>event</c> named <c>ContinueConversation</c>).</summary>
    public override async Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        var activity = new Activity
        {
            Type = ActivityTypes.Event,
            Name = "ContinueConversation",
            Id = NextId("in-"),
            ChannelId = reference.ChannelId,
            ServiceUrl = reference.ServiceUrl,
            Conversation = reference.Conversation,
            From = reference.User,
            Recipient = reference.Bot,
            Locale = reference.Locale,
            ReplyToId = reference.ActivityId,
        };
        await callback(new TurnContext(this, activity), cancellationToken).ConfigureAwait(false);
    }

    private string NextId(string prefix) => prefix + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    private static Activity Copy(Activity activity)
        => JsonSerializer.Deserialize<Activity>(BotJson.SerializeToUtf8Bytes(activity), BotJson.Options)!;
}
