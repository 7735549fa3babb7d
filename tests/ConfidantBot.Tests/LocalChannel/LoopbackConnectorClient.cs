using System.Net;
using System.Net.Http.Json;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// TEST ONLY: a minimal connector client that posts to loopback service URLs, standing in until
/// the real ConnectorClient is merged. It follows the Bot Connector v3 routes and escapes the
/// conversation id as the recorded Teams traffic does.
/// </summary>
internal sealed class LoopbackConnectorClient : IConnectorClient, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
        => SendAsync(HttpMethod.Post, Url(serviceUrl, conversationId, activityId), activity, cancellationToken);

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
        => SendAsync(HttpMethod.Post, Url(serviceUrl, conversationId, null), activity, cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
        => SendAsync(HttpMethod.Put, Url(serviceUrl, conversationId, activityId), activity, cancellationToken);

    public void Dispose() => _http.Dispose();

    private static Uri Url(string serviceUrl, string conversationId, string? activityId)
    {
        var uri = new Uri(serviceUrl.TrimEnd('/') + "/v3/conversations/" + Uri.EscapeDataString(conversationId) + "/activities" + (activityId is null ? "" : "/" + Uri.EscapeDataString(activityId)));
        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException("The test connector client only posts to loopback service URLs.");
        }

        return uri;
    }

    private async Task<ResourceResponse> SendAsync(HttpMethod method, Uri url, Activity activity, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(activity, options: BotJson.Options) };
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ResourceResponse>(BotJson.Options, cancellationToken) ?? new ResourceResponse();
    }
}

internal sealed class LoopbackServiceUrlTrust : IServiceUrlTrust
{
    public void Trust(string serviceUrl)
    {
    }

    public bool IsTrusted(string serviceUrl)
        => Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
