using System.Text;
using System.Text.Json;
using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>Reads the page's Server-Sent Events stream the way a browser's EventSource does.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStream> OpenAsync(HttpClient client, string conversationId, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"local/conversations/{Uri.EscapeDataString(conversationId)}/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>The next event (comments and the retry field skipped).</summary>
    public async Task<ServerEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Patience.Default);
        string? id = null, name = null;
        var data = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException("The event stream ended.");
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        return new ServerEvent(long.Parse(id!, System.Globalization.CultureInfo.InvariantCulture), name ?? "message", JsonDocument.Parse(data.ToString()).RootElement.Clone());
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": name = value; break;
                    case "data": data.Append(value); break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No event arrived on the page's stream.");
        }
    }

    /// <summary>Reads events until one matches.</summary>
    public async Task<ServerEvent> NextMatchingAsync(Func<ServerEvent, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience.Default);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var next = await NextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
            if (match(next))
            {
                return next;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed record ServerEvent(long Id, string Name, JsonElement Data)
{
    public string? Text => Data.TryGetProperty("text", out var text) ? text.GetString() : null;

    public string? ActivityId => Data.TryGetProperty("id", out var id) ? id.GetString() : null;

    public string? Role => Data.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) ? role.GetString() : null;
}
