using System.Net.Http.Json;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Tests.Infrastructure;

/// <summary>
/// Sends the bot's activities over HTTP to a <see cref="FakeConnector"/> on 127.0.0.1, the routes
/// the Bot Connector v3 API uses. Stands in until the real ConnectorClient is merged; then tests
/// should use that one (with a fake token source) instead.
/// </summary>
public sealed class HttpTestConnectorClient : IConnectorClient, IDisposable
{
    private readonly HttpClient _http = new();

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
        => PostAsync($"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
        => PostAsync($"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity, cancellationToken);

    public async Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PutAsJsonAsync($"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, BotJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ResourceResponse>(BotJson.Options, cancellationToken))!;
    }

    public void Dispose() => _http.Dispose();

    private async Task<ResourceResponse> PostAsync(string url, Activity activity, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(url, activity, BotJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ResourceResponse>(BotJson.Options, cancellationToken))!;
    }
}

/// <summary>Trusts every service URL: the tests' only one is the fake connector on 127.0.0.1.</summary>
public sealed class TrustingServiceUrls : IServiceUrlTrust
{
    public void Trust(string serviceUrl)
    {
    }

    public bool IsTrusted(string serviceUrl) => true;
}
