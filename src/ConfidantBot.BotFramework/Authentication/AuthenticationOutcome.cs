using System.Security.Claims;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// The result of authenticating one inbound request. <see cref="Reason"/> is short and safe to send
/// back to the caller or to log: it never contains token or activity content.
/// </summary>
public sealed class AuthenticationOutcome
{
    private AuthenticationOutcome(bool succeeded, int statusCode, string reason, ClaimsIdentity? identity)
    {
        Succeeded = succeeded;
        StatusCode = statusCode;
        Reason = reason;
        Identity = identity;
    }

    public bool Succeeded { get; }

    /// <summary>200 on success; 401 when the caller is not authenticated; 403 when it is, but may not send this activity.</summary>
    public int StatusCode { get; }

    public string Reason { get; }

    /// <summary>The validated token's claims; null on failure.</summary>
    public ClaimsIdentity? Identity { get; }

    public static AuthenticationOutcome Success(ClaimsIdentity identity) => new(true, 200, "authenticated", identity);

    /// <summary>401: no valid credentials.</summary>
    public static AuthenticationOutcome Unauthenticated(string reason) => new(false, 401, reason, null);

    /// <summary>403: a valid token that does not cover this activity.</summary>
    public static AuthenticationOutcome Forbidden(string reason) => new(false, 403, reason, null);
}
