using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Channels;
using ConfidantBot.BotFramework.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Tests.Infrastructure;

/// <summary>
/// Stands in for the Teams Bot Connector on 127.0.0.1: records every activity the bot sends and
/// lets a test wait for them per conversation.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Channel<SentActivity>> _byConversation = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SentActivity> _all = new();
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyCollection<SentActivity> All => _all.ToArray();

    /// <summary>While set, every activity is refused with 403 (the bot was blocked or removed) and nothing arrives.</summary>
    public bool Refuses { get; set; }

    /// <summary>How the next activities are answered, one each, instead of taking them with a 201.</summary>
    public ConcurrentQueue<Mishap> NextMishaps { get; } = new();

    /// <summary>A failure the fake connector plays for one activity.</summary>
    /// <param name="Status">The status it answers with (for a slow answer: after the client gave up).</param>
    /// <param name="Takes">Whether the activity is delivered (recorded) although the answer fails.</param>
    /// <param name="HoldsAnswer">Whether the answer is held until the client stops waiting.</param>
    public sealed record Mishap(int Status, bool Takes, bool HoldsAnswer = false)
    {
        /// <summary>Delivered, but the 201 comes only after the client's timeout.</summary>
        public static Mishap SlowButDelivered { get; } = new(StatusCodes.Status201Created, Takes: true, HoldsAnswer: true);

        /// <summary>Refused before anything was delivered (429, 503).</summary>
        public static Mishap Refused(int status) => new(status, Takes: false);

        /// <summary>Delivered, then the answer failed (a 500, 502 or 504 from a gateway).</summary>
        public static Mishap FailedAfterDelivering(int status) => new(status, Takes: true);
    }

    /// <param name="httpsCertificate">Serve https with this certificate (outside local mode the bot posts to https only).</param>
    public static async Task<FakeConnector> StartAsync(X509Certificate2? httpsCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (httpsCertificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(httpsCertificate)));
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", connector.ReceiveAsync);
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", connector.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Outside local mode a service URL must name a host, never an IP address: the https
        // connector is addressed as localhost (the tests allow that name; see BotHostFactory).
        connector.ServiceUrl = httpsCertificate is null
            ? address.TrimEnd('/') + "/"
            : new UriBuilder(address) { Host = "localhost" }.Uri.AbsoluteUri.TrimEnd('/') + "/";
        return connector;
    }

    /// <summary>Waits for the next activity sent to a conversation.</summary>
    public async Task<SentActivity> NextAsync(string conversationId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Patience.Default);
        try
        {
            return await Queue(conversationId).Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No activity reached the fake connector for conversation {conversationId}.");
        }
    }

    /// <summary>Takes whatever already arrived for a conversation, without waiting.</summary>
    public IReadOnlyList<SentActivity> Drain(string conversationId)
    {
        var list = new List<SentActivity>();
        while (Queue(conversationId).Reader.TryRead(out var item))
        {
            list.Add(item);
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Channel<SentActivity> Queue(string conversationId)
        => _byConversation.GetOrAdd(conversationId, _ => Channel.CreateUnbounded<SentActivity>());

    private async Task<IResult> ReceiveAsync(HttpContext context, string conversationId)
    {
        if (Refuses)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var activity = await JsonSerializer.DeserializeAsync<Activity>(context.Request.Body, BotJson.Options);
        var sent = new SentActivity(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Headers.Authorization.ToString(),
            activity!);
        NextMishaps.TryDequeue(out var mishap);
        if (mishap is null || mishap.Takes)
        {
            _all.Enqueue(sent);
            await Queue(conversationId).Writer.WriteAsync(sent);
        }

        if (mishap is { HoldsAnswer: true })
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (mishap is not null && mishap.Status != StatusCodes.Status201Created)
        {
            return Results.StatusCode(mishap.Status);
        }

        return Results.Json(new ResourceResponse { Id = "sent-" + Interlocked.Increment(ref _nextId) }, BotJson.Options, statusCode: 201);
    }
}

public sealed record SentActivity(string Method, string Path, string Authorization, Activity Activity)
{
    /// <summary>The Adaptive Card this activity carries, if any.</summary>
    public JsonElement? Card => Activity.Attachments?.FirstOrDefault(a => a.ContentType == Attachment.AdaptiveCardContentType)?.Content;

    /// <summary>Everything a person would read: the text and every TextBlock/FactSet/button title of the card.</summary>
    public string VisibleText
    {
        get
        {
            var parts = new List<string>();
            if (Activity.Text is { Length: > 0 } text)
            {
                parts.Add(text);
            }

            if (Card is { } card)
            {
                CollectText(card, parts);
            }

            return string.Join("\n", parts);
        }
    }

    private static void CollectText(JsonElement element, List<string> parts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && property.Name is "text" or "title" or "value" or "placeholder" or "label")
                    {
                        parts.Add(property.Value.GetString()!);
                    }
                    else if (property.Name != "data")
                    {
                        CollectText(property.Value, parts);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectText(item, parts);
                }

                break;
        }
    }
}
