using System.Globalization;
using System.Text;
using ConfidantBot.BotFramework.Schema;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// What the chat page calls. The page's Web Chat runs on a small custom DirectLine object (see
/// <c>wwwroot/chat.js</c>) backed by three endpoints, chosen over a Direct Line 3.0 emulation
/// because that would need tokens, token refresh, watermark polling and WebSocket handling for no
/// gain on a loopback channel:
/// <list type="bullet">
/// <item><c>POST /local/conversations</c> <c>{role, locale}</c>: starts a chat as a made-up person,
/// tells the bot (a Teams-like <c>conversationUpdate</c>), answers <c>201 {conversationId, user}</c>.</item>
/// <item><c>POST /local/conversations/{id}/activities</c>: what Web Chat posts; echoed to the page
/// and sent to <c>/api/messages</c> as a full channel activity; answers <c>{id}</c> once the bot's
/// turn is done (as Direct Line does).</item>
/// <item><c>GET /local/conversations/{id}/events</c>: Server-Sent Events with the echoes, the bot's
/// replies and problem notices. Each event has an id, so the browser's automatic reconnect
/// (<c>Last-Event-ID</c>) replays what it missed.</item>
/// </list>
/// </summary>
internal static class LocalChatEndpoints
{
    private const string DefaultLocale = "nl-NL";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/local/conversations", StartAsync);
        routes.MapPost("/local/conversations/{conversationId}/activities", PostAsync);
        routes.MapGet("/local/conversations/{conversationId}/events", StreamAsync);
    }

    private static async Task<IResult> StartAsync(
        HttpContext context,
        LocalConversationStore store,
        LocalActivityFactory factory,
        LocalBotForwarder forwarder,
        IOptions<LocalChannelOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await BoundedJsonBody.ReadAsync<StartConversationRequest>(context.Request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!body.Succeeded)
        {
            return ChannelProblems.ForPage(body.StatusCode, body.Problem!);
        }

        var identity = LocalIdentities.FindByRole(body.Value!.Role);
        if (identity is null)
        {
            var roles = string.Join(", ", LocalIdentities.All.Select(known => known.Role));
            return ChannelProblems.ForPage(StatusCodes.Status400BadRequest, $"Unknown role; use one of: {roles}.");
        }

        var locale = LocalActivityFactory.IsLocale(body.Value.Locale) ? body.Value.Locale! : DefaultLocale;
        var selfBaseUrl = SelfAddress.BaseUrl(context);
        var conversation = store.Create(identity, locale, selfBaseUrl + LocalConnectorEndpoints.BasePath.TrimStart('/'));

        var outcome = await forwarder.ForwardAsync(selfBaseUrl, factory.ConversationStarted(conversation), cancellationToken).ConfigureAwait(false);
        if (outcome.Status != ForwardStatus.Delivered)
        {
            return ChannelProblems.ForForward(outcome);
        }

        return Results.Json(
            new StartConversationResponse(conversation.Id, new PageUser(identity.UserId, identity.Name, identity.Role), locale),
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> PostAsync(
        HttpContext context,
        string conversationId,
        LocalConversationStore store,
        LocalActivityFactory factory,
        LocalBotForwarder forwarder,
        IOptions<LocalChannelOptions> options,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var conversation = store.Find(conversationId);
        if (conversation is null)
        {
            return ChannelProblems.UnknownConversationForPage();
        }

        var body = await BoundedJsonBody.ReadAsync<Activity>(context.Request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (!body.Succeeded)
        {
            return ChannelProblems.ForPage(body.StatusCode, body.Problem!);
        }

        var (activity, problem) = factory.FromPage(conversation, body.Value!);
        if (activity is null)
        {
            return ChannelProblems.ForPage(StatusCodes.Status400BadRequest, problem!);
        }

        conversation.Touch(timeProvider.GetUtcNow());
        conversation.DeliverActivity(activity.Id!, activity.Timestamp!.Value, PageActivities.UserEcho(activity, LocalActivityFactory.ClientActivityId(body.Value!)));

        var outcome = await forwarder.ForwardAsync(SelfAddress.BaseUrl(context), activity, cancellationToken).ConfigureAwait(false);
        return outcome.Status == ForwardStatus.Delivered
            ? Results.Json(new ResourceResponse { Id = activity.Id })
            : ChannelProblems.ForForward(outcome);
    }

    private static async Task StreamAsync(
        HttpContext context,
        string conversationId,
        LocalConversationStore store,
        IOptions<LocalChannelOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider timeProvider)
    {
        var conversation = store.Find(conversationId);
        if (conversation is null)
        {
            await ChannelProblems.UnknownConversationForPage().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // A stopping host ends the streams at once instead of waiting for the shutdown timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var lastSequence = LastEventId(context.Request);
        try
        {
            await WriteAsync(response, "retry: 2000\n\n", cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                var (entries, changed) = conversation.ReadAfter(lastSequence);
                if (entries.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var entry in entries)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"id: {entry.Sequence}\nevent: {entry.Kind}\ndata: {entry.Json}\n\n");
                        lastSequence = entry.Sequence;
                    }

                    await WriteAsync(response, text.ToString(), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (conversation.IsClosed)
                {
                    return;
                }

                try
                {
                    await changed.WaitAsync(options.Value.KeepAliveInterval, timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    await WriteAsync(response, ": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away or the host is stopping; the browser reconnects by itself.
        }
    }

    private static long LastEventId(HttpRequest request)
    {
        var value = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(value))
        {
            value = request.Query["after"].ToString();
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    internal sealed record StartConversationRequest(string? Role, string? Locale);

    internal sealed record StartConversationResponse(string ConversationId, PageUser User, string Locale);

    internal sealed record PageUser(string Id, string Name, string Role);
}
