// TEMPORARY: replaced by the auth and connector branches at merge.
using System.Security.Claims;
using ConfidantBot.BotFramework.Schema;
namespace ConfidantBot.BotFramework.Authentication
{
    public interface IRequestAuthenticator { Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken); }
    public sealed record AuthenticationOutcome(bool Succeeded, int StatusCode, string Reason, ClaimsIdentity? Identity);
}
namespace ConfidantBot.BotFramework.Connector
{
    public interface IServiceUrlTrust { void Trust(string serviceUrl); bool IsTrusted(string serviceUrl); }
}
