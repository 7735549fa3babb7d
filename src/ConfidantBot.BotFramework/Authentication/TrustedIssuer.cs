using System.Security.Claims;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// One issuer whose tokens the bot accepts: the issuer names it signs as, the audiences it must
/// address, where its keys come from, and whether its keys must endorse the channel.
/// </summary>
public sealed class TrustedIssuer : IDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    private readonly IReadOnlyDictionary<string, string>? _callerClaimByIssuer;
    private readonly string? _expectedCaller;

    public TrustedIssuer(
        string name,
        IReadOnlyList<string> issuers,
        IReadOnlyList<string> audiences,
        SigningKeyCache keys,
        bool requiresEndorsement,
        IReadOnlyDictionary<string, string>? callerClaimByIssuer = null,
        string? expectedCaller = null)
    {
        Name = name;
        Issuers = issuers;
        Audiences = audiences;
        Keys = keys;
        RequiresEndorsement = requiresEndorsement;
        _callerClaimByIssuer = callerClaimByIssuer;
        _expectedCaller = expectedCaller;
    }

    /// <summary>A label for logs (no secrets, no ids).</summary>
    public string Name { get; }

    public IReadOnlyList<string> Issuers { get; }

    public IReadOnlyList<string> Audiences { get; }

    public SigningKeyCache Keys { get; }

    /// <summary>Bot Framework channel keys carry endorsements; Entra keys do not.</summary>
    public bool RequiresEndorsement { get; }

    public bool Issues(string? issuer) => issuer is not null && Issuers.Contains(issuer, StringComparer.Ordinal);

    /// <summary>
    /// Null when the validated token was issued to the expected caller, or when this issuer binds no
    /// caller (the Bot Framework channel service signs its own tokens); otherwise why it was not.
    /// </summary>
    public string? FindCallerProblem(string issuer, ClaimsIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (_callerClaimByIssuer is null || _expectedCaller is null)
        {
            return null;
        }

        if (!_callerClaimByIssuer.TryGetValue(issuer, out var claimType))
        {
            return "token issuer is not trusted";
        }

        var caller = identity.FindFirst(claimType)?.Value;
        if (string.IsNullOrWhiteSpace(caller))
        {
            return $"token names no calling application ({claimType})";
        }

        return string.Equals(caller.Trim(), _expectedCaller, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"token was issued to another application ({claimType})";
    }

    /// <summary>The Bot Framework channel service (Teams and other channels via the Bot Connector).</summary>
    public static TrustedIssuer BotFramework(BotAuthenticationOptions options, SigningKeyCache keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("Bot Framework", [BotFrameworkIssuer], [options.AppId!.Trim()], keys, requiresEndorsement: true);
    }

    /// <summary>
    /// Entra ID tokens for a single-tenant bot, from its own tenant only (v2 and v1 issuer forms), and
    /// only when the bot's own app id requested them: <c>azp</c> (v2) or <c>appid</c> (v1) must be the
    /// app id. The Bot Framework authentication spec describes this path for the Emulator, which "uses
    /// the Microsoft App ID and Microsoft App Password that you specify ... in essence, using the bot's
    /// own credentials", and requires that "the token contains an "appid" claim with the value equal to
    /// the bot's Microsoft App ID". Without that check any application of the tenant could get a token
    /// for the bot's audience and post activities.
    /// </summary>
    public static TrustedIssuer EntraTenant(BotAuthenticationOptions options, SigningKeyCache keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tenant = Guid.TryParse(options.TenantId, out var id) ? id.ToString("D") : options.TenantId!.Trim();
        var appId = options.AppId!.Trim();
        var v2Issuer = $"https://login.microsoftonline.com/{tenant}/v2.0";
        var v1Issuer = $"https://sts.windows.net/{tenant}/";
        return new(
            "Entra tenant",
            [v2Issuer, v1Issuer],
            [appId, $"api://{appId}"],
            keys,
            requiresEndorsement: false,
            new Dictionary<string, string>(StringComparer.Ordinal) { [v2Issuer] = "azp", [v1Issuer] = "appid" },
            appId);
    }

    public void Dispose() => Keys.Dispose();
}
