using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Privacy.Retention;

/// <summary>
/// Removes everything past its expiry (routing records, index entries, unanswered requests,
/// conversation state: all are stored with an expiry) at start and then every
/// <see cref="RetentionOptions.SweepInterval"/>. Because expiry is stored with each item, a
/// restart loses nothing; because deletes are idempotent, several instances may sweep at once.
/// </summary>
public sealed partial class RetentionService(IStorage storage, IOptions<RetentionOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
    : BackgroundService
{
    /// <summary>One sweep; returns how many items were removed. Never throws except on cancellation.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var removed = await storage.DeleteExpiredAsync(cancellationToken).ConfigureAwait(false);
            LogSwept(logger, removed);
            return removed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the exception type: storage exceptions may quote keys.
            LogSweepFailed(logger, ex.GetType().Name);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, timeProvider);
        try
        {
            do
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep removed {RemovedCount} expired items")]
    private static partial void LogSwept(ILogger logger, int removedCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed ({ExceptionType}); it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType);
}
