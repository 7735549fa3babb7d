using System.Net.Http.Headers;
using System.Text.Json;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// Posts a channel activity to the host's own <c>/api/messages</c> over real HTTP on loopback, so a
/// local chat goes through exactly the same door as a Teams message.
/// </summary>
public sealed partial class LocalBotForwarder(IHttpClientFactory httpClientFactory, ILogger<LocalBotForwarder> logger)
{
    public const string HttpClientName = "ConfidantBot.LocalChannel";

    private const int MaxReasonLength = 300;

    public async Task<ForwardOutcome> ForwardAsync(string selfBaseUrl, Activity activity, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var content = new ByteArrayContent(BotJson.SerializeToUtf8Bytes(activity));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await client.PostAsync(new Uri(new Uri(selfBaseUrl), "api/messages"), content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return ForwardOutcome.Delivered;
            }

            var reason = await ReadReasonAsync(response, cancellationToken).ConfigureAwait(false);
            LogBotRefused(logger, (int)response.StatusCode, activity.Type);
            return new ForwardOutcome(ForwardStatus.Refused, (int)response.StatusCode, reason);
        }
        catch (HttpRequestException exception)
        {
            LogBotUnreachable(logger, exception.HttpRequestError.ToString());
            return new ForwardOutcome(ForwardStatus.Unreachable, null, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogBotTimedOut(logger, activity.Type);
            return new ForwardOutcome(ForwardStatus.TimedOut, null, null);
        }
    }

    /// <summary>The host's refusals carry <c>{"error": "..."}</c> with a fixed reason (never content).</summary>
    private static async Task<string?> ReadReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                var reason = error.GetString()!;
                return reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Local channel: /api/messages answered {StatusCode} to a {ActivityType} activity")]
    private static partial void LogBotRefused(ILogger logger, int statusCode, string? activityType);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Local channel: /api/messages is unreachable ({Error})")]
    private static partial void LogBotUnreachable(ILogger logger, string error);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Local channel: the bot did not finish a {ActivityType} turn in time")]
    private static partial void LogBotTimedOut(ILogger logger, string? activityType);
}

public enum ForwardStatus
{
    Delivered,
    Refused,
    Unreachable,
    TimedOut,
}

/// <summary>How the bot took an activity; <see cref="Reason"/> is the host's fixed refusal text, if any.</summary>
public sealed record ForwardOutcome(ForwardStatus Status, int? StatusCode, string? Reason)
{
    public static ForwardOutcome Delivered { get; } = new(ForwardStatus.Delivered, 200, null);
}
