using System.Text.Json;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// The Bot Connector REST API (v3) subset a bot uses to answer, served by the host for its own
/// local conversations: the activities' <c>serviceUrl</c> points here, so the bot's connector client
/// sends replies over HTTP exactly as it would to Teams. Replies get an id and go to the page.
/// </summary>
public sealed partial class LocalConnectorEndpoints(LocalConversationStore store, IOptions<LocalChannelOptions> options, TimeProvider timeProvider, ILogger<LocalConnectorEndpoints> logger)
{
    public const string BasePath = "/local/connector/";

    internal static void Map(IEndpointRouteBuilder routes)
    {
        var activities = routes.MapGroup(BasePath + "v3/conversations/{conversationId}/activities");
        activities.MapPost("", (HttpContext context, string conversationId, LocalConnectorEndpoints connector, CancellationToken cancellationToken)
            => connector.ReceiveAsync(context, conversationId, null, cancellationToken));
        activities.MapPost("{replyToId}", (HttpContext context, string conversationId, string replyToId, LocalConnectorEndpoints connector, CancellationToken cancellationToken)
            => connector.ReceiveAsync(context, conversationId, replyToId, cancellationToken));
        activities.MapPut("{activityId}", (HttpContext context, string conversationId, string activityId, LocalConnectorEndpoints connector, CancellationToken cancellationToken)
            => connector.UpdateAsync(context, conversationId, activityId, cancellationToken));
    }

    /// <summary>Reply (<c>.../activities/{replyToId}</c>) or send to conversation (<c>.../activities</c>).</summary>
    private async Task<IResult> ReceiveAsync(HttpContext context, string conversationId, string? replyToId, CancellationToken cancellationToken)
    {
        var (conversation, activity, refusal) = await ReadAsync(context, conversationId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = timeProvider.GetUtcNow();
        activity!.Id = conversation!.NextActivityId();
        activity.Timestamp = now;
        activity.ReplyToId ??= replyToId;
        Deliver(conversation, activity, now);
        return Results.Json(new ResourceResponse { Id = activity.Id }, BotJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Update activity (<c>PUT .../activities/{activityId}</c>), e.g. a card whose buttons were used.</summary>
    private async Task<IResult> UpdateAsync(HttpContext context, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        var (conversation, activity, refusal) = await ReadAsync(context, conversationId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!conversation!.TryGetDeliveredTimestamp(activityId, out var originalTimestamp))
        {
            LogRefused(logger, StatusCodes.Status404NotFound);
            return ChannelProblems.ForConnector(StatusCodes.Status404NotFound, "ActivityNotFound", "No activity with this id was sent in this conversation (or it is too old to update).");
        }

        // The same id and timestamp make Web Chat replace the earlier activity where it stands.
        activity!.Id = activityId;
        activity.Timestamp = originalTimestamp;
        Deliver(conversation, activity, timeProvider.GetUtcNow());
        return Results.Json(new ResourceResponse { Id = activityId }, BotJson.Options);
    }

    private async Task<(LocalConversation? Conversation, Activity? Activity, IResult? Refusal)> ReadAsync(HttpContext context, string conversationId, CancellationToken cancellationToken)
    {
        var conversation = store.Find(conversationId);
        if (conversation is null)
        {
            LogRefused(logger, StatusCodes.Status404NotFound);
            return (null, null, ChannelProblems.ForConnector(StatusCodes.Status404NotFound, "ConversationNotFound", "This conversation is not known to the local channel."));
        }

        var body = await BoundedJsonBody.ReadAsync<Activity>(context.Request, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        var problem = body.Succeeded && string.IsNullOrWhiteSpace(body.Value!.Type) ? "The activity has no 'type'." : body.Problem;
        if (problem is null)
        {
            return (conversation, body.Value, null);
        }

        var status = body.Succeeded ? StatusCodes.Status400BadRequest : body.StatusCode;
        LogRefused(logger, status);

        // The bot only sees an exception; the person at the page deserves to know an answer got lost.
        var notice = new ChannelProblems.PageProblem(ChannelProblems.BadReply, $"The local channel refused a reply from the bot with HTTP {status}: {problem}");
        conversation.DeliverNotice(JsonSerializer.Serialize(notice, JsonSerializerOptions.Web));
        return (conversation, null, ChannelProblems.ForConnector(status, status == StatusCodes.Status413PayloadTooLarge ? "MessageSizeTooBig" : "BadArgument", problem));
    }

    private static void Deliver(LocalConversation conversation, Activity activity, DateTimeOffset now)
    {
        activity.Conversation ??= new ConversationAccount();
        activity.Conversation.Id = conversation.Id;

        // Web Chat holds a reply back (up to 5 s) until the activity it answers is on screen; an
        // activity the page never sees, such as the conversationUpdate, would only delay it.
        if (activity.ReplyToId is { } replyToId && !conversation.TryGetDeliveredTimestamp(replyToId, out _))
        {
            activity.ReplyToId = null;
        }

        conversation.Touch(now);
        conversation.DeliverActivity(activity.Id!, activity.Timestamp!.Value, PageActivities.FromBot(activity));
    }

    [LoggerMessage(EventId = 7111, Level = LogLevel.Warning, Message = "Local connector refused a bot activity with {StatusCode}")]
    private static partial void LogRefused(ILogger logger, int statusCode);
}
