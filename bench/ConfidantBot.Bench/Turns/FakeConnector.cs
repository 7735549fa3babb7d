using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Bench.Turns;

/// <summary>
/// The Bot Connector as the host sees it, on 127.0.0.1: takes replies and proactive sends, answers
/// with a resource id, and completes the waiting turn of a conversation when a card arrives.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private long _received;

    private FakeConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public long Received => Interlocked.Read(ref _received);

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", (string conversationId, HttpRequest request) => connector.ReceiveAsync(conversationId, request));
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request) => connector.ReceiveAsync(conversationId, request));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.Single();
        connector.ServiceUrl = address.TrimEnd('/') + "/";
        return connector;
    }

    /// <summary>Registers the next turn of a conversation; the task completes when a card reply for it arrives.</summary>
    public Task ExpectCard(string conversationId)
    {
        var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[conversationId] = arrival;
        return arrival.Task;
    }

    private async Task<IResult> ReceiveAsync(string conversationId, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
        Interlocked.Increment(ref _received);
        var hasCard = body.RootElement.TryGetProperty("attachments", out var attachments)
            && attachments.ValueKind == JsonValueKind.Array
            && attachments.EnumerateArray().Any(a => a.TryGetProperty("contentType", out var type) && type.GetString() == "application/vnd.microsoft.card.adaptive");
        if (hasCard && _waiting.TryRemove(conversationId, out var arrival))
        {
            arrival.TrySetResult();
        }

        return Results.Json(new { id = Guid.NewGuid().ToString("N") });
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
