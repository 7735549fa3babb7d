using System.Diagnostics;
using System.Diagnostics.Metrics;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Operations;

/// <summary>
/// The bot's own metrics for operators (meter <see cref="MeterName"/>). Every tag is a fixed word from
/// this class — an activity type, a Graph operation, a key's role, a reason — never an id, a name or
/// anything a person typed. With no listener (telemetry off) each call is one check of a flag.
/// </summary>
/// <remarks>
/// Others call it where the thing happens: <c>metrics.GraphCalled("create event")</c>. Instrument names are
/// what the alert rules in <c>infra/modules/alerts.bicep</c> query in Application Insights (customMetrics).
/// </remarks>
public sealed class ConfidantBotMetrics
{
    public const string MeterName = "ConfidantBot";

    private readonly TimeProvider clock;
    private readonly Counter<long> turns;
    private readonly Counter<long> turnErrors;
    private readonly Counter<long> bookingsCreated;
    private readonly Counter<long> bookingsFailed;
    private readonly Counter<long> graphCalls;
    private readonly Counter<long> graphErrors;
    private readonly Counter<long> keyVaultFailures;
    private readonly Counter<long> stateConflicts;
    private readonly Counter<long> meetingMessagesKept;
    private readonly ObservableGauge<long> outboxBacklogGauge;
    private long relayLastCheckedTimestamp;
    private long relayBacklog;
    private long outboxBacklog = -1;

    public ConfidantBotMetrics(IMeterFactory meterFactory, TimeProvider clock)
    {
        this.clock = clock;
        relayLastCheckedTimestamp = clock.GetTimestamp();
        var meter = meterFactory.Create(MeterName);
        turns = meter.CreateCounter<long>("confidantbot.turns", "{turn}", "Activities the bot handled, by activity type.");
        turnErrors = meter.CreateCounter<long>("confidantbot.turn.errors", "{turn}", "Turns that ended in an error (the person got an apology), by activity type.");
        bookingsCreated = meter.CreateCounter<long>("confidantbot.bookings.created", "{booking}", "Booking requests sent to a confidant.");
        bookingsFailed = meter.CreateCounter<long>("confidantbot.bookings.failed", "{booking}", "Booking attempts that did not become a request, by reason.");
        graphCalls = meter.CreateCounter<long>("confidantbot.graph.calls", "{call}", "Microsoft Graph calls, by operation.");
        graphErrors = meter.CreateCounter<long>("confidantbot.graph.errors", "{call}", "Microsoft Graph calls that failed, by operation and kind (denied / unavailable).");
        keyVaultFailures = meter.CreateCounter<long>("confidantbot.keyvault.failures", "{fetch}", "Key fetches from Key Vault that failed, by key (data / hmac).");
        stateConflicts = meter.CreateCounter<long>("confidantbot.state.conflicts", "{conflict}", "Conversation-state saves that met a concurrent save (ETag conflict).");
        meetingMessagesKept = meter.CreateCounter<long>("confidantbot.meeting_messages.kept", "{event}", "Removed events whose meeting messages (sent invitation, reminders, cancellation, answers) stay in the service mailbox, by reason (denied: no Mail.ReadWrite on the service mailbox).");
        meter.CreateObservableGauge("confidantbot.relay.lag", ObserveRelayLag, "s",
            "Seconds since the answer relay last finished a pass over the watched bookings: a confidant's answer waits at most about this long.");
        meter.CreateObservableGauge("confidantbot.relay.backlog", () => Volatile.Read(ref relayBacklog), "{booking}",
            "Bookings the answer relay watched (waiting for or following the confidant's answer) in its last pass.");
        outboxBacklogGauge = meter.CreateObservableGauge("confidantbot.outbox.backlog", ObserveOutboxBacklog, "{item}",
            "Calendar removals (cancel and delete of an organiser's event) waiting in the outbox.");
    }

    public void TurnReceived(string? activityType) => Add(turns, "activity.type", ActivityTypeTag(activityType));

    public void TurnFailed(string? activityType) => Add(turnErrors, "activity.type", ActivityTypeTag(activityType));

    public void BookingCreated()
    {
        if (bookingsCreated.Enabled)
        {
            bookingsCreated.Add(1);
        }
    }

    /// <param name="reason">A fixed word: <c>slot-taken</c>, <c>calendar-unavailable</c>, <c>calendar-denied</c>, <c>error</c>.</param>
    public void BookingFailed(string reason) => Add(bookingsFailed, "reason", reason);

    /// <param name="operation">A fixed operation name, e.g. <c>getSchedule</c> or <c>create event</c>.</param>
    public void GraphCalled(string operation) => Add(graphCalls, "graph.operation", operation);

    /// <param name="kind"><c>denied</c> (401/403: permissions) or <c>unavailable</c> (anything else).</param>
    public void GraphFailed(string operation, string kind)
    {
        if (graphErrors.Enabled)
        {
            graphErrors.Add(1, new KeyValuePair<string, object?>("graph.operation", operation), new KeyValuePair<string, object?>("error.kind", kind));
        }
    }

    /// <param name="key"><c>data</c> or <c>hmac</c>.</param>
    public void KeyVaultFetchFailed(string key) => Add(keyVaultFailures, "key", key);

    public void StateConflict()
    {
        if (stateConflicts.Enabled)
        {
            stateConflicts.Add(1);
        }
    }

    /// <param name="reason"><c>denied</c>: Graph refused (403) to find or delete them.</param>
    public void MeetingMessagesKept(string reason) => Add(meetingMessagesKept, "reason", reason);

    /// <summary>The answer relay finished a pass over <paramref name="watchedBookings"/> bookings.</summary>
    public void RelayPassFinished(int watchedBookings)
    {
        Volatile.Write(ref relayBacklog, watchedBookings);
        Volatile.Write(ref relayLastCheckedTimestamp, clock.GetTimestamp());
    }

    /// <summary>Whether anyone collects the outbox backlog (telemetry on): counting it costs a query.</summary>
    public bool IsOutboxBacklogObserved => outboxBacklogGauge.Enabled;

    /// <summary>The outbox's background service reports how many removals wait after each pass.</summary>
    public void OutboxBacklog(long waiting) => Volatile.Write(ref outboxBacklog, waiting);

    private double ObserveRelayLag() => clock.GetElapsedTime(Volatile.Read(ref relayLastCheckedTimestamp)).TotalSeconds;

    private IEnumerable<Measurement<long>> ObserveOutboxBacklog()
    {
        // Nothing to report until an outbox has reported once (no outbox, or not yet run).
        var waiting = Volatile.Read(ref outboxBacklog);
        return waiting < 0 ? [] : [new Measurement<long>(waiting)];
    }

    private static void Add(Counter<long> counter, string tag, string value)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(tag, value));
        }
    }

    /// <summary>Activity types come from outside: only the known ones become a tag value.</summary>
    private static string ActivityTypeTag(string? type) => type switch
    {
        ActivityTypes.Message => ActivityTypes.Message,
        ActivityTypes.Invoke => ActivityTypes.Invoke,
        ActivityTypes.ConversationUpdate => ActivityTypes.ConversationUpdate,
        ActivityTypes.InstallationUpdate => ActivityTypes.InstallationUpdate,
        _ => "other",
    };
}
