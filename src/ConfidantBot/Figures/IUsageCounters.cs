namespace ConfidantBot.Figures;

/// <summary>
/// Counts what happens in the bot per month, without knowing who or exactly when. Call it from the
/// guide and booking code at the moment something happens; see <see cref="UsageEvent"/> for the events.
/// </summary>
public interface IUsageCounters
{
    /// <summary>
    /// Adds one to the event's counter for the current month (Europe/Amsterdam). Safe on several
    /// instances: no increment is lost. A counter that cannot be written (storage down, too much
    /// contention) is logged without content and skipped, so the person's action never fails because
    /// of figures; only cancellation is thrown.
    /// </summary>
    Task RecordAsync(UsageEvent usage, CancellationToken cancellationToken = default);
}
