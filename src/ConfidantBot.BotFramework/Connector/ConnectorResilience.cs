using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// The connector's resilience pipeline: total timeout → retry → per-attempt timeout.
/// </summary>
/// <remarks>
/// Retries use <see cref="HttpRetryStrategyOptions"/> (429, 408, 5xx, network errors, attempt
/// timeouts; for a POST only 429, 503 and a connection that never opened, see <see cref="ShouldRetry"/>), but with our own delay generator instead of its built-in <c>ShouldRetryAfterHeader</c>:
/// Polly ignores <c>MaxDelay</c> for generated delays, so the built-in one would wait as long as any
/// <c>Retry-After</c> asks, and it reads HTTP dates against the system clock rather than the
/// <see cref="TimeProvider"/> the pipeline runs on.
/// </remarks>
public static partial class ConnectorResilience
{
    public const string PipelineName = "bot-connector";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<ConnectorOptions>>().Value;
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectorResilience));

        pipeline.TimeProvider = timeProvider;
        pipeline.AddTimeout(options.TotalTimeout);
        // Polly refuses a retry strategy with zero attempts, and MaxRetries = 0 (no retries) is valid.
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(CreateRetryOptions(options, timeProvider, logger));
        }

        pipeline.AddTimeout(options.AttemptTimeout);
    }

    internal static HttpRetryStrategyOptions CreateRetryOptions(ConnectorOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var maxDelay = options.MaxRetryDelay;
        return new HttpRetryStrategyOptions
        {
            ShouldRetryAfterHeader = false,
            // A refused address stays refused: retrying would only resolve and refuse again.
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method)),
            MaxRetryAttempts = options.MaxRetries,
            Delay = options.BaseRetryDelay,
            MaxDelay = maxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                Cap(RetryAfter(args.Outcome.Result?.Headers.RetryAfter, timeProvider), maxDelay)),
            OnRetry = args =>
            {
                var cause = args.Outcome.Result is { } response
                    ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : args.Outcome.Exception?.GetType().Name ?? "unknown";
                LogRetry(logger, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay, cause);
                return ValueTask.CompletedTask;
            },
        };
    }

    /// <summary>
    /// Whether a failed attempt is tried again. A refused address stays refused. A PUT (update) is
    /// idempotent, so every transient failure is retried. A POST creates a new activity, and the
    /// Bot Connector has no idempotency key and does not merge duplicates: a POST whose body may
    /// have arrived is not sent again, because the person would see the message twice (see
    /// <see cref="ConnectorDelivery.MayHaveArrived"/>). Only the failures that prove the request
    /// was not taken are retried: 429 and 503, and a connection that could not be opened.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method)
    {
        if (outcome.Exception is HttpRequestException { InnerException: RefusedServiceAddressException }
            || !HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        return method != HttpMethod.Post
            || !ConnectorDelivery.MayHaveArrived(outcome.Result is { } response ? response.StatusCode : null, outcome.Exception);
    }

    /// <summary>The wait a <c>Retry-After</c> header asks for (delta seconds or an HTTP date), if any.</summary>
    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider timeProvider)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>A null delay lets Polly use its exponential back-off (already capped by <c>MaxDelay</c>).</summary>
    private static TimeSpan? Cap(TimeSpan? delay, TimeSpan maxDelay) => delay > maxDelay ? maxDelay : delay;

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Connector call failed ({Cause}); retry {Retry} of {MaxRetries} in {Delay}")]
    private static partial void LogRetry(ILogger logger, int retry, int maxRetries, TimeSpan delay, string cause);
}
