using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.BotFramework.State;

/// <summary>
/// Per-conversation state: one JSON document of named properties, read once per turn (cached in
/// <see cref="ITurnContext.TurnState"/>) and written back by <see cref="SaveChangesAsync"/> only
/// when it changed, guarded by the ETag it was read with.
/// </summary>
/// <remarks>
/// <para><b>State holds choices, never free text.</b> Store ids, enum values and slot ids only: never
/// what the person typed, names or other message content. A free-text answer travels to the next
/// waterfall step in memory (<c>stepContext.Result</c>) and must be used or sealed in that turn.</para>
/// <para>Every save sets the item's expiry to now + <see cref="ConversationStateOptions.IdleExpiry"/>,
/// so a conversation left idle for that long reads as new.</para>
/// </remarks>
public sealed class ConversationState
{
    public const string StoragePartition = "conversation";

    private static readonly string CacheKey = typeof(ConversationState).FullName!;

    private readonly IStorage _storage;
    private readonly TimeProvider _timeProvider;
    private readonly ConversationStateOptions _options;

    public ConversationState(IStorage storage, TimeProvider timeProvider, ConversationStateOptions? options = null)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? new ConversationStateOptions();
        if (_options.IdleExpiry <= TimeSpan.Zero)
        {
            throw new ArgumentException("ConversationState:IdleExpiry must be positive.", nameof(options));
        }
    }

    public TimeSpan IdleExpiry => _options.IdleExpiry;

    /// <summary>The storage key of a conversation: partition "conversation", id = channel id + conversation id.</summary>
    public static StorageKey GetStorageKey(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var channelId = activity.ChannelId;
        var conversationId = activity.Conversation?.Id;
        if (string.IsNullOrEmpty(channelId) || string.IsNullOrEmpty(conversationId))
        {
            throw new InvalidOperationException("Conversation state needs an activity with a channelId and a conversation.id.");
        }

        return new StorageKey(StoragePartition, channelId + "/" + conversationId);
    }

    /// <summary>Reads the state for this turn's conversation (once; later calls in the same turn use the cache).</summary>
    public async Task LoadAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        => await GetCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A named property, typed. When absent, <paramref name="defaultFactory"/>'s value is stored and
    /// returned (or <c>default</c> without a factory). The instance is cached for the turn: changes
    /// made to it are saved by <see cref="SaveChangesAsync"/>.
    /// </summary>
    public async Task<T?> GetAsync<T>(ITurnContext turnContext, string name, Func<T>? defaultFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var cache = await GetCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (cache.Values.TryGetValue(name, out var cached))
        {
            if (cached is T typed)
            {
                return typed;
            }

            // Asked for as another type than it was set: convert through JSON, as a later turn would.
            cache.Document[name] = JsonSerializer.SerializeToNode(cached, cached.GetType(), StateJson.Options);
            cache.Values.Remove(name);
        }

        if (cache.Document[name] is { } node)
        {
            var value = node.Deserialize<T>(StateJson.Options);
            if (value is not null)
            {
                cache.Values[name] = value;
            }

            return value;
        }

        if (defaultFactory is null)
        {
            return default;
        }

        var created = defaultFactory();
        if (created is not null)
        {
            cache.Values[name] = created;
        }

        return created;
    }

    public async Task SetAsync<T>(ITurnContext turnContext, string name, T value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var cache = await GetCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (value is null)
        {
            cache.Values.Remove(name);
            cache.Document.Remove(name);
            return;
        }

        cache.Values[name] = value;
    }

    public async Task DeleteAsync(ITurnContext turnContext, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var cache = await GetCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);
        cache.Values.Remove(name);
        cache.Document.Remove(name);
    }

    /// <summary>
    /// Writes the state if it changed this turn (or if its idle expiry is more than half used up, so
    /// an active conversation does not expire). Uses the ETag it read, or create-only for a new one.
    /// </summary>
    /// <exception cref="StorageConflictException">Someone else saved this conversation since it was read.</exception>
    public async Task SaveChangesAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var cache = await GetCacheAsync(turnContext, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in cache.Values)
        {
            cache.Document[name] = JsonSerializer.SerializeToNode(value, value.GetType(), StateJson.Options);
        }

        var json = cache.Document.ToJsonString(StateJson.Options);
        var now = _timeProvider.GetUtcNow();
        var changed = !string.Equals(json, cache.SavedJson, StringComparison.Ordinal);
        var expiryNeedsRefresh = cache.ETag is not null
            && cache.ExpiresAt is { } expiresAt
            && expiresAt - now < _options.IdleExpiry / 2;
        if (!changed && !expiryNeedsRefresh)
        {
            return;
        }

        var newExpiry = now + _options.IdleExpiry;
        cache.ETag = await _storage.WriteAsync(cache.Key, Encoding.UTF8.GetBytes(json), cache.ETag, newExpiry, cancellationToken).ConfigureAwait(false);
        cache.SavedJson = json;
        cache.ExpiresAt = newExpiry;
    }

    /// <summary>Deletes the conversation's state in storage and starts this turn from an empty state ("forget me", "start over").</summary>
    public async Task ClearAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var key = GetStorageKey(turnContext.Activity);
        await _storage.DeleteAsync(key, ETags.Any, cancellationToken).ConfigureAwait(false);
        turnContext.TurnState[CacheKey] = new CachedState(key, new JsonObject(), savedJson: EmptyJson, eTag: null, expiresAt: null);
    }

    private const string EmptyJson = "{}";

    private async Task<CachedState> GetCacheAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.TurnState.TryGetValue(CacheKey, out var existing) && existing is CachedState cached)
        {
            return cached;
        }

        var key = GetStorageKey(turnContext.Activity);
        var item = await _storage.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        var state = item is null ? NewState(key) : Parse(key, item);
        turnContext.TurnState[CacheKey] = state;
        return state;
    }

    private static CachedState NewState(StorageKey key) => new(key, new JsonObject(), EmptyJson, eTag: null, expiresAt: null);

    private static CachedState Parse(StorageKey key, StoredItem item)
    {
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(item.Data.Span) as JsonObject;
        }
        catch (JsonException)
        {
            document = null;
        }

        // Unreadable state is replaced, not fatal: the person starts over instead of being stuck.
        document ??= new JsonObject();
        return new CachedState(key, document, document.ToJsonString(StateJson.Options), item.ETag, item.ExpiresAt);
    }

    private sealed class CachedState(StorageKey key, JsonObject document, string savedJson, string? eTag, DateTimeOffset? expiresAt)
    {
        public StorageKey Key { get; } = key;
        public JsonObject Document { get; } = document;
        public Dictionary<string, object> Values { get; } = new(StringComparer.Ordinal);
        public string SavedJson { get; set; } = savedJson;
        public string? ETag { get; set; } = eTag;
        public DateTimeOffset? ExpiresAt { get; set; } = expiresAt;
    }
}
