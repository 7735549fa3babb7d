using System.Net;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// A connector call failed for good (after retries, where retrying made sense). Carries the status
/// and the connector's error codes, never message content.
/// </summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException()
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="mayHaveBeenDelivered">See <see cref="MayHaveBeenDelivered"/>.</param>
    public ConnectorException(string message, Exception innerException, bool mayHaveBeenDelivered)
        : base(message, innerException)
    {
        MayHaveBeenDelivered = mayHaveBeenDelivered;
    }

    public ConnectorException(string message, HttpStatusCode statusCode, string? errorCode, string? subCode)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        SubCode = subCode;
        MayHaveBeenDelivered = ConnectorDelivery.MayHaveArrived(statusCode, null);
    }

    /// <summary>The connector's HTTP status, or <see langword="null"/> when no answer came (network, timeout, token).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary><c>error.code</c> from the connector's error body, e.g. <c>BadArgument</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>A Teams sub code such as <c>MessageWritesBlocked</c> (the user blocked or removed the bot).</summary>
    public string? SubCode { get; }

    /// <summary>
    /// True when the connector may have received the request and acted on it although the call
    /// failed (a timeout, a dropped connection, 408 or a 5xx other than 503): sending the same
    /// message again could make the person see it twice. False when it certainly did not arrive.
    /// See <see cref="ConnectorDelivery"/>.
    /// </summary>
    public bool MayHaveBeenDelivered { get; }

    /// <summary>True when the user blocked or uninstalled the bot: stop sending proactive messages.</summary>
    public bool IsBotBlockedByUser =>
        StatusCode == HttpStatusCode.Forbidden && string.Equals(SubCode, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase);
}
