namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// The SSRF guard of the connector client: the set of service URLs the bot may post to (with its token).
/// </summary>
/// <remarks>
/// A service URL becomes trusted in exactly two ways:
/// <list type="number">
/// <item>the host calls <see cref="Trust"/> with <c>activity.serviceUrl</c> after the inbound activity
/// passed authentication (in production the JWT's <c>serviceurl</c> claim equals it);</item>
/// <item>the proactive path calls <see cref="Trust"/> with the service URL of a conversation reference
/// it read from sealed storage, which only ever holds references taken from authenticated activities.</item>
/// </list>
/// Never call <see cref="Trust"/> with a URL from any other source (a request parameter, a card
/// submit, configuration typed by a user).
/// </remarks>
public interface IServiceUrlTrust
{
    /// <summary>
    /// Marks a service URL as trusted. Returns <see langword="false"/> (and trusts nothing) when the
    /// URL is malformed or breaks the mode's rule (loopback only in local mode, https otherwise).
    /// </summary>
    bool Trust(string? serviceUrl);

    /// <summary>Whether the connector client would post to this service URL now.</summary>
    bool IsTrusted(string? serviceUrl);

    /// <summary>
    /// The normalised base URI (ending in <c>/</c>) to build connector calls on.
    /// Throws <see cref="UntrustedServiceUrlException"/> when the URL may not be used.
    /// </summary>
    Uri GetTrustedBaseUri(string? serviceUrl);
}
