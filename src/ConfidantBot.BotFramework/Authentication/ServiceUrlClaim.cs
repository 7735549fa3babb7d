using System.Security.Claims;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// The connector names the service URL it may be answered on in the token (claim <c>serviceurl</c>);
/// the activity must carry the same one, so a forged body cannot redirect the bot's replies.
/// </summary>
public static class ServiceUrlClaim
{
    public const string ClaimType = "serviceurl";

    /// <summary>The claim's value; the name is matched case-insensitively because senders differ in spelling.</summary>
    public static string? Find(ClaimsIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.Claims.FirstOrDefault(claim => string.Equals(claim.Type, ClaimType, StringComparison.OrdinalIgnoreCase))?.Value;
    }

    /// <summary>Same URL, ignoring a trailing slash and letter case.</summary>
    public static bool Matches(string? claimed, string? activityServiceUrl) =>
        !string.IsNullOrWhiteSpace(claimed)
        && !string.IsNullOrWhiteSpace(activityServiceUrl)
        && string.Equals(claimed.Trim().TrimEnd('/'), activityServiceUrl.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
