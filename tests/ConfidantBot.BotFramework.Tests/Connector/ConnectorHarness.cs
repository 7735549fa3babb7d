using ConfidantBot.BotFramework.Connector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.BotFramework.Tests.Connector;

/// <summary>The connector client as the host registers it, on a fake clock, with captured logs.</summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _end = new();

    public ConnectorHarness(Action<ConnectorOptions>? configure = null, Action<IServiceCollection>? replaceServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddFakeLogging();
        services.AddBotConnector(options =>
        {
            options.LocalMode = true;
            options.BaseRetryDelay = TimeSpan.FromMilliseconds(200);
            options.MaxRetryDelay = TimeSpan.FromSeconds(10);
            // RunAsync races the fake clock ahead; a slow real request must not count as a timeout.
            options.AttemptTimeout = TimeSpan.FromHours(1);
            options.TotalTimeout = TimeSpan.FromHours(2);
            configure?.Invoke(options);
        });
        replaceServices?.Invoke(services);
        _services = services.BuildServiceProvider(validateScopes: true);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Pass to calls that wait on the fake clock: a failed assertion would otherwise leave a retry
    /// waiting for ever, and disposing the resilience pipeline waits for it.
    /// </summary>
    public CancellationToken Ending => _end.Token;

    public IConnectorClient Client => _services.GetRequiredService<IConnectorClient>();

    public IServiceUrlTrust Trust => _services.GetRequiredService<IServiceUrlTrust>();

    public IConnectorTokenProvider Tokens => _services.GetRequiredService<IConnectorTokenProvider>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    /// <summary>Runs a call to completion, moving the fake clock on so that retry waits elapse.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        var task = call();
        for (var step = 0; step < 2_000 && !task.IsCompleted; step++)
        {
            await Task.WhenAny(task, Task.Delay(5)).ConfigureAwait(false);
            if (!task.IsCompleted)
            {
                Clock.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        return await task.ConfigureAwait(false);
    }

    /// <summary>Waits (in real time) until a log record with the given event id appears.</summary>
    /// <remarks>
    /// The record follows a real HTTP round trip to the fake connector, which can take seconds on a loaded CI machine:
    /// the deadline is generous (a passing test stops waiting as soon as the record is there), not the 5 s it was.
    /// </remarks>
    public async Task<FakeLogRecord> WaitForLogAsync(int eventId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var record = Logs.GetSnapshot().FirstOrDefault(r => r.Id.Id == eventId);
            if (record is not null)
            {
                return record;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        throw new TimeoutException($"No log record {eventId} appeared.");
    }

    /// <summary>
    /// Disposing the resilience pipeline waits, on the pipeline's clock, for executions still in
    /// flight; the fake clock is kept moving meanwhile so that this ends.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _end.CancelAsync().ConfigureAwait(false);
        using var disposed = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            while (!disposed.IsCancellationRequested)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
            }
        });
        await _services.DisposeAsync().ConfigureAwait(false);
        await disposed.CancelAsync().ConfigureAwait(false);
        await ticker.ConfigureAwait(false);
        _end.Dispose();
    }
}
