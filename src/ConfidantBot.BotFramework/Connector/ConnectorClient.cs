using System.Net.Http.Headers;
using System.Text.Json;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Telemetry;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST client (v3). Every call is checked against <see cref="IServiceUrlTrust"/>
/// before anything is sent, carries the cached bearer token, and is retried by the HttpClient's
/// resilience handler (see <see cref="ConnectorResilience"/>): a POST only when the failure proves
/// it did not arrive, because the connector does not merge duplicate messages (see
/// <see cref="ConnectorDelivery"/>); a failure says whether the message may have arrived anyway. Logs carry operation, status and
/// timing only: no bodies, ids or tokens.
/// </summary>
public sealed partial class ConnectorClient : IConnectorClient
{
    /// <summary>The name of the HttpClient registered by <c>AddBotConnector</c>.</summary>
    public const string HttpClientName = "BotConnector";

    private const int MaxErrorBodyBytes = 16 * 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly IConnectorTokenProvider _tokens;
    private readonly IServiceUrlTrust _trust;
    private readonly ILogger<ConnectorClient> _logger;

    public ConnectorClient(HttpClient http, IConnectorTokenProvider tokens, IServiceUrlTrust trust, ILogger<ConnectorClient> logger)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _trust = trust ?? throw new ArgumentNullException(nameof(trust));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var path = ActivityPath(conversationId, activityId);
        return SendAsync<ResourceResponse>(HttpMethod.Post, "reply", serviceUrl, path, BotJson.SerializeToUtf8Bytes(activity), cancellationToken);
    }

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var path = ActivitiesPath(conversationId);
        return SendAsync<ResourceResponse>(HttpMethod.Post, "send", serviceUrl, path, BotJson.SerializeToUtf8Bytes(activity), cancellationToken);
    }

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var path = ActivityPath(conversationId, activityId);
        return SendAsync<ResourceResponse>(HttpMethod.Put, "update", serviceUrl, path, BotJson.SerializeToUtf8Bytes(activity), cancellationToken);
    }

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return SendAsync<ConversationResourceResponse>(HttpMethod.Post, "create-conversation", serviceUrl, "v3/conversations", BotJson.SerializeToUtf8Bytes(parameters), cancellationToken);
    }

    private static string ActivitiesPath(string conversationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        return "v3/conversations/" + Uri.EscapeDataString(conversationId) + "/activities";
    }

    private static string ActivityPath(string conversationId, string activityId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        return ActivitiesPath(conversationId) + "/" + Uri.EscapeDataString(activityId);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string operation, string serviceUrl, string relativePath, byte[] body, CancellationToken cancellationToken)
        where T : class, new()
    {
        // The trust check comes first: nothing, not even a token fetch, happens for a refused URL.
        var baseUri = _trust.GetTrustedBaseUri(serviceUrl);
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);

        using var request = new HttpRequestMessage(method, new Uri(baseUri, relativePath));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var activity = DependencyActivity.Start(DependencyActivity.Source, "Bot Connector", baseUri.Host, method.Method, operation);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedServiceAddressException refused)
        {
            LogUnreachable(_logger, operation, nameof(RefusedServiceAddressException));
            throw new ConnectorException(refused.Message, e, mayHaveBeenDelivered: false);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            activity.Failed(e);
            LogUnreachable(_logger, operation, e.GetType().Name);
            throw new ConnectorException($"The Bot Connector could not be reached for {operation} ({e.GetType().Name}).", e, ConnectorDelivery.MayHaveArrived(null, e));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            activity.Answered(status);
            LogAnswered(_logger, operation, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.IsSuccessStatusCode)
            {
                return await ReadResultAsync<T>(response, operation, cancellationToken).ConfigureAwait(false);
            }

            var (errorCode, subCode) = await ReadErrorCodesAsync(response, cancellationToken).ConfigureAwait(false);
            LogRefused(_logger, operation, status, errorCode, subCode);
            throw new ConnectorException(
                $"The Bot Connector answered {status} ({response.StatusCode}) to {operation}"
                + (errorCode is null ? string.Empty : $", code {errorCode}")
                + (subCode is null ? string.Empty : $", subCode {subCode}") + ".",
                response.StatusCode,
                errorCode,
                subCode);
        }
    }

    private static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRequestException or TimeoutRejectedException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static async Task<T> ReadResultAsync<T>(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
        where T : class, new()
    {
        // 202 Accepted (and 204) come without a body: the activity was taken but no id is known.
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, BotJson.Options) ?? new T();
        }
        catch (JsonException e)
        {
            throw new ConnectorException($"The Bot Connector's answer to {operation} was not valid JSON.", e, mayHaveBeenDelivered: true);
        }
    }

    /// <summary>Reads <c>error.code</c> and a Teams sub code; the error message is skipped as it may quote content.</summary>
    private static async Task<(string? Code, string? SubCode)> ReadErrorCodesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (bytes.Length is 0 or > MaxErrorBodyBytes)
            {
                return (null, null);
            }

            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var root = document.RootElement;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            return (SafeCode(error, "code"), SafeCode(error, "subCode") ?? SafeCode(root, "subCode"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>Codes are short identifiers; anything else is dropped rather than echoed into logs.</summary>
    private static string? SafeCode(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString();
        return text is { Length: > 0 and <= 64 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? text
            : null;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "Connector {Operation} answered {Status} in {ElapsedMs:F1} ms")]
    private static partial void LogAnswered(ILogger logger, string operation, int status, double elapsedMs);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Connector {Operation} refused with {Status} (code {ErrorCode}, subCode {SubCode})")]
    private static partial void LogRefused(ILogger logger, string operation, int status, string? errorCode, string? subCode);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Connector {Operation} failed without an answer: {Failure}")]
    private static partial void LogUnreachable(ILogger logger, string operation, string failure);
}
