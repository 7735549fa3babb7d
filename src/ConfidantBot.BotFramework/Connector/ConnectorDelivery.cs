using System.Net;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// Whether a connector call that failed may still have reached the connector and been acted on.
/// </summary>
/// <remarks>
/// <para>
/// The Bot Connector's <c>POST .../activities</c> creates a new message each time it is called: it
/// takes no idempotency key, assigns the activity id itself, and Microsoft's Direct Line team
/// states that the platform does not dedupe messages (BotFramework-DirectLineJS issue 105). A
/// connector that took the body and then failed its answer (a 500, 502 or 504 from a gateway, a
/// timeout, a connection dropped before the answer) has often delivered the message already.
/// </para>
/// <para>
/// Teams' rate-limit guidance says to retry 429 (and 412, 502, 504) with back-off. For creates we
/// retry only what proves the message was not taken (429 and 503 refuse the request; a connection
/// that never opened carried nothing), and treat the rest as "may have arrived": sending again
/// would show the person the same message twice. The price is that such a message may be lost;
/// callers that must not lose it keep a state the person can look up (the booking relay: "mijn
/// afspraken"). Updates (PUT) replace an activity by id and are always safe to retry.
/// </para>
/// </remarks>
public static class ConnectorDelivery
{
    /// <summary>
    /// True when the request may have been received: no answer came (timeout, dropped connection)
    /// or the answer was 408 or a 5xx other than 503. False for a connection that could not be
    /// opened, for 429 and 503, and for other 4xx answers (the connector refused the request).
    /// </summary>
    public static bool MayHaveArrived(HttpStatusCode? status, Exception? failure)
    {
        if (status is { } code)
        {
            return code is HttpStatusCode.RequestTimeout
                || ((int)code >= 500 && code != HttpStatusCode.ServiceUnavailable);
        }

        return failure switch
        {
            null => false,
            HttpRequestException { InnerException: RefusedServiceAddressException } => false,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => false,
            // An attempt or total timeout, a connection dropped after sending, a malformed answer.
            _ => true,
        };
    }
}
