namespace ConfidantBot.LocalChannel;

/// <summary>
/// Error answers of the local channel. The page maps <c>error</c> codes to a sentence in the
/// person's language; <c>detail</c> is fixed technical text for the developer, never content.
/// </summary>
internal static class ChannelProblems
{
    public const string UnknownConversation = "unknown-conversation";
    public const string BadRequest = "bad-request";
    public const string TooLarge = "too-large";
    public const string BotRefused = "bot-refused";
    public const string BotUnreachable = "bot-unreachable";
    public const string BotTimeout = "bot-timeout";
    public const string BadReply = "bad-reply";
    public const string Forbidden = "forbidden";
    public const string NoCalendar = "no-calendar";
    public const string UnknownRequest = "unknown-request";
    public const string RequestCancelled = "request-cancelled";
    public const string BadProposedTime = "bad-proposed-time";
    public const string ProposedTimePast = "proposed-time-past";
    public const string ProposedTimeTooSoon = "proposed-time-too-soon";

    public static IResult ForPage(int statusCode, string code, string detail)
        => Results.Json(new PageProblem(code, detail), statusCode: statusCode);

    public static IResult ForPage(int statusCode, string detail)
        => ForPage(statusCode, statusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge : BadRequest, detail);

    public static IResult UnknownConversationForPage()
        => ForPage(StatusCodes.Status404NotFound, UnknownConversation, "This conversation is not known (never started, forgotten after being idle, or the host restarted).");

    public static IResult ForForward(ForwardOutcome outcome) => outcome.Status switch
    {
        ForwardStatus.Refused => ForPage(StatusCodes.Status502BadGateway, BotRefused, $"/api/messages answered HTTP {outcome.StatusCode}" + (outcome.Reason is null ? "." : $": {outcome.Reason}")),
        ForwardStatus.TimedOut => ForPage(StatusCodes.Status504GatewayTimeout, BotTimeout, "The bot did not finish its turn in time."),
        _ => ForPage(StatusCodes.Status502BadGateway, BotUnreachable, "/api/messages could not be reached."),
    };

    /// <summary>The Bot Connector's error shape: <c>{"error": {"code", "message"}}</c>.</summary>
    public static IResult ForConnector(int statusCode, string code, string message)
        => Results.Json(new { error = new { code, message } }, statusCode: statusCode);

    public sealed record PageProblem(string Error, string Detail);
}
