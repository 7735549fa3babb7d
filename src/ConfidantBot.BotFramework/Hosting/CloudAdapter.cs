using System.Text.Json;
using ConfidantBot.BotFramework.Authentication;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Hosting;

/// <summary>
/// Runs turns for activities that arrive over HTTP the way a Bot Framework channel sends them, and
/// delivers the bot's answers through the connector. Every inbound request is checked in this order:
/// size, JSON shape, required fields, authentication, then the bot runs. A refused request never
/// reaches the bot and never changes stored state.
/// </summary>
public sealed partial class CloudAdapter(
    IConnectorClient connector,
    IServiceUrlTrust serviceUrlTrust,
    IOptions<BotHostOptions> options,
    ILogger<CloudAdapter> logger,
    IRequestAuthenticator? authenticator = null,
    ITurnErrorHandler? errorHandler = null) : BotAdapter
{
    private static readonly HashSet<string> HandledTypes = new(StringComparer.Ordinal)
    {
        ActivityTypes.Message,
        ActivityTypes.ConversationUpdate,
        ActivityTypes.InstallationUpdate,
        ActivityTypes.Invoke,
        ActivityTypes.Event,
    };

    private readonly BotHostOptions _options = options.Value;

    /// <summary>Called when the bot throws: tells the person something friendly. Must not echo content.</summary>
    public Func<ITurnContext, Exception, CancellationToken, Task>? OnTurnError { get; set; } = errorHandler is null ? null : errorHandler.OnTurnErrorAsync;

    /// <summary>Handles one <c>POST /api/messages</c>.</summary>
    public async Task ProcessAsync(HttpContext httpContext, IBot bot, CancellationToken cancellationToken)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;

        var parsed = await InboundActivityReader.ReadAsync(request, _options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        if (parsed.Error is { } error)
        {
            LogRefused(logger, error.StatusCode, error.Reason);
            await WriteProblemAsync(response, error.StatusCode, error.Reason, cancellationToken).ConfigureAwait(false);
            return;
        }

        var activity = parsed.Activity!;
        if (authenticator is not null)
        {
            var outcome = await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null, activity, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                LogRefused(logger, outcome.StatusCode, outcome.Reason);
                await WriteProblemAsync(response, outcome.StatusCode, outcome.Reason, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (!HandledTypes.Contains(activity.Type!))
        {
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        serviceUrlTrust.Trust(activity.ServiceUrl!);

        var turnContext = new TurnContext(this, activity);
        await RunTurnAsync(turnContext, bot.OnTurnAsync, cancellationToken).ConfigureAwait(false);

        if (activity.Type == ActivityTypes.Invoke)
        {
            var invokeResponse = turnContext.InvokeResponse ?? new InvokeResponse { Status = StatusCodes.Status200OK };
            response.StatusCode = invokeResponse.Status;
            if (invokeResponse.Body is not null)
            {
                response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(response.Body, invokeResponse.Body, invokeResponse.Body.GetType(), BotJson.Options, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
    }

    public override async Task<ResourceResponse?> SendActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl ?? turnContext.Activity.ServiceUrl!;
        var conversationId = activity.Conversation?.Id ?? turnContext.Activity.Conversation!.Id!;
        return string.IsNullOrEmpty(activity.ReplyToId)
            ? await connector.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false)
            : await connector.ReplyToActivityAsync(serviceUrl, conversationId, activity.ReplyToId, activity, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(activity.Id);
        var serviceUrl = activity.ServiceUrl ?? turnContext.Activity.ServiceUrl!;
        var conversationId = activity.Conversation?.Id ?? turnContext.Activity.Conversation!.Id!;
        return await connector.UpdateActivityAsync(serviceUrl, conversationId, activity.Id, activity, cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// The reference must come from an authenticated activity, directly or through sealed storage
    /// (whose AES-GCM tag proves we wrote it); that is why its service URL may be trusted here.
    /// </remarks>
    public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrEmpty(reference.ServiceUrl);
        ArgumentException.ThrowIfNullOrEmpty(reference.Conversation?.Id);
        serviceUrlTrust.Trust(reference.ServiceUrl);

        var activity = new Activity
        {
            Type = ActivityTypes.Event,
            Name = "ContinueConversation",
            ChannelId = reference.ChannelId,
            ServiceUrl = reference.ServiceUrl,
            Conversation = reference.Conversation,
            From = reference.User,
            Recipient = reference.Bot,
            Locale = reference.Locale,
        };
        return RunTurnAsync(new TurnContext(this, activity), callback, cancellationToken);
    }

    private async Task RunTurnAsync(TurnContext turnContext, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        try
        {
            await callback(turnContext, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception type and stack are enough to debug; the message may quote input, so it is not logged.
            LogTurnFailed(logger, exception.GetType().FullName ?? exception.GetType().Name, turnContext.Activity.Type, exception.StackTrace);
            if (OnTurnError is not null && turnContext.Activity.Type != ActivityTypes.Invoke)
            {
                try
                {
                    await OnTurnError(turnContext, exception, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception handlerException)
                {
                    LogTurnFailed(logger, handlerException.GetType().FullName ?? "error handler", turnContext.Activity.Type, handlerException.StackTrace);
                }
            }

            if (turnContext.Activity.Type == ActivityTypes.Invoke && turnContext.InvokeResponse is null)
            {
                turnContext.InvokeResponse = new InvokeResponse { Status = StatusCodes.Status500InternalServerError };
            }
        }
    }

    private static Task WriteProblemAsync(HttpResponse response, int statusCode, string reason, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        return response.WriteAsJsonAsync(new { error = reason }, cancellationToken);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused an inbound request: {StatusCode} {Reason}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A turn failed with {ExceptionType} on a {ActivityType} activity at {StackTrace}")]
    private static partial void LogTurnFailed(ILogger logger, string exceptionType, string? activityType, string? stackTrace);
}
