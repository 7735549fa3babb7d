using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// The local channel's conversations, in memory. Bounded: a conversation idle for
/// <see cref="LocalChannelOptions.IdleTimeout"/> is forgotten, and beyond
/// <see cref="LocalChannelOptions.MaxConversations"/> the least recently used one is dropped.
/// </summary>
public sealed class LocalConversationStore(IOptions<LocalChannelOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, LocalConversation> _conversations = new(StringComparer.Ordinal);
    private readonly LocalChannelOptions _options = options.Value;

    public int Count => _conversations.Count;

    public LocalConversation Create(LocalIdentity identity, string locale, string serviceUrl)
    {
        var now = timeProvider.GetUtcNow();
        EvictIdle(now);
        while (_conversations.Count >= Math.Max(1, _options.MaxConversations))
        {
            var oldest = _conversations.Values.MinBy(conversation => conversation.LastActive);
            if (oldest is null)
            {
                break;
            }

            Remove(oldest);
        }

        // Teams personal conversation ids start with "a:"; the rest is 128 random bits, so the id is the access key.
        var id = "a:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var conversation = new LocalConversation(id, identity, locale, serviceUrl, Math.Max(1, _options.MaxActivitiesPerConversation), now);
        _conversations[id] = conversation;
        return conversation;
    }

    /// <summary>The conversation with this id, or null when it never existed or was forgotten.</summary>
    public LocalConversation? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || !_conversations.TryGetValue(id, out var conversation))
        {
            return null;
        }

        if (IsIdle(conversation, timeProvider.GetUtcNow()))
        {
            Remove(conversation);
            return null;
        }

        return conversation;
    }

    private void EvictIdle(DateTimeOffset now)
    {
        foreach (var conversation in _conversations.Values.Where(conversation => IsIdle(conversation, now)))
        {
            Remove(conversation);
        }
    }

    private bool IsIdle(LocalConversation conversation, DateTimeOffset now) => now - conversation.LastActive > _options.IdleTimeout;

    private void Remove(LocalConversation conversation)
    {
        if (_conversations.TryRemove(new KeyValuePair<string, LocalConversation>(conversation.Id, conversation)))
        {
            conversation.Close();
        }
    }
}
