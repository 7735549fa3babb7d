namespace ConfidantBot.LocalChannel;

/// <summary>One entry of a conversation's stream to the page: an activity or a notice about a problem.</summary>
public sealed record StreamEntry(long Sequence, string Kind, string Json)
{
    public const string ActivityKind = "activity";
    public const string NoticeKind = "notice";
}

/// <summary>
/// One local chat: who the page chats as, and the activities delivered to the page so far (kept so
/// a page that reconnects can replay them). Thread-safe; content lives in memory only.
/// </summary>
public sealed class LocalConversation
{
    private readonly object _gate = new();
    private readonly int _maxEntries;
    private readonly List<StreamEntry> _entries = [];
    private readonly Dictionary<string, DateTimeOffset> _deliveredTimestamps = new(StringComparer.Ordinal);
    private readonly Queue<string> _deliveredOrder = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSequence;
    private long _lastActivityNumber;
    private long _lastActiveTicks;

    internal LocalConversation(string id, LocalIdentity identity, string locale, string serviceUrl, int maxEntries, DateTimeOffset now)
    {
        Id = id;
        Identity = identity;
        Locale = locale;
        ServiceUrl = serviceUrl;
        _maxEntries = maxEntries;
        _lastActiveTicks = now.UtcTicks;
    }

    /// <summary>Random and 128 bits strong: knowing it is what lets a caller read or post.</summary>
    public string Id { get; }

    public LocalIdentity Identity { get; }

    /// <summary>The locale the page chose when it started; used when a posted activity names none.</summary>
    public string Locale { get; }

    /// <summary>The host's own local connector base, fixed for the conversation like a Teams region URL.</summary>
    public string ServiceUrl { get; }

    public DateTimeOffset LastActive => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

    public bool IsClosed { get; private set; }

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastActiveTicks, now.UtcTicks);

    /// <summary>A new activity id, unique within this conversation.</summary>
    public string NextActivityId() => Interlocked.Increment(ref _lastActivityNumber).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends an activity (already in the page's JSON form) to the page.</summary>
    public void DeliverActivity(string activityId, DateTimeOffset timestamp, string json)
    {
        lock (_gate)
        {
            if (!_deliveredTimestamps.ContainsKey(activityId))
            {
                _deliveredOrder.Enqueue(activityId);
                while (_deliveredOrder.Count > _maxEntries)
                {
                    _deliveredTimestamps.Remove(_deliveredOrder.Dequeue());
                }
            }

            _deliveredTimestamps[activityId] = timestamp;
            AppendLocked(StreamEntry.ActivityKind, json);
        }
    }

    /// <summary>Tells the page something went wrong that it cannot see itself (e.g. a reply the channel refused).</summary>
    public void DeliverNotice(string json)
    {
        lock (_gate)
        {
            AppendLocked(StreamEntry.NoticeKind, json);
        }
    }

    /// <summary>The timestamp an earlier delivered activity had, so an update keeps its place in the transcript.</summary>
    public bool TryGetDeliveredTimestamp(string activityId, out DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            return _deliveredTimestamps.TryGetValue(activityId, out timestamp);
        }
    }

    /// <summary>Entries after <paramref name="sequence"/>, and a task that completes when more arrive or the conversation closes.</summary>
    public (IReadOnlyList<StreamEntry> Entries, Task Changed) ReadAfter(long sequence)
    {
        lock (_gate)
        {
            var entries = _entries.Where(entry => entry.Sequence > sequence).ToList();
            return (entries, _changed.Task);
        }
    }

    /// <summary>Ends every stream that is open on this conversation.</summary>
    internal void Close()
    {
        lock (_gate)
        {
            IsClosed = true;
            SignalLocked();
        }
    }

    private void AppendLocked(string kind, string json)
    {
        _entries.Add(new StreamEntry(++_lastSequence, kind, json));
        if (_entries.Count > _maxEntries)
        {
            _entries.RemoveRange(0, _entries.Count - _maxEntries);
        }

        SignalLocked();
    }

    private void SignalLocked()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.SetResult();
    }
}
