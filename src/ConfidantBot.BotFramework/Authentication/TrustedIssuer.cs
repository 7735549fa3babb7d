namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// One issuer whose tokens the bot accepts: the issuer names it signs as, the audiences it must
/// address, where its keys come from, and whether its keys must endorse the channel.
/// </summary>
public sealed class TrustedIssuer : IDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    public TrustedIssuer(string name, IReadOnlyList<string> issuers, IReadOnlyList<string> audiences, SigningKeyCache keys, bool requiresEndorsement)
    {
        Name = name;
        Issuers = issuers;
        Audiences = audiences;
        Keys = keys;
        RequiresEndorsement = requiresEndorsement;
    }

    /// <summary>A label for logs (no secrets, no ids).</summary>
    public string Name { get; }

    public IReadOnlyList<string> Issuers { get; }

    public IReadOnlyList<string> Audiences { get; }

    public SigningKeyCache Keys { get; }

    /// <summary>Bot Framework channel keys carry endorsements; Entra keys do not.</summary>
    public bool RequiresEndorsement { get; }

    public bool Issues(string? issuer) => issuer is not null && Issuers.Contains(issuer, StringComparer.Ordinal);

    /// <summary>The Bot Framework channel service (Teams and other channels via the Bot Connector).</summary>
    public static TrustedIssuer BotFramework(BotAuthenticationOptions options, SigningKeyCache keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new("Bot Framework", [BotFrameworkIssuer], [options.AppId!.Trim()], keys, requiresEndorsement: true);
    }

    /// <summary>Entra ID tokens for a single-tenant bot, from its own tenant only (v2 and v1 issuer forms).</summary>
    public static TrustedIssuer EntraTenant(BotAuthenticationOptions options, SigningKeyCache keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tenant = Guid.TryParse(options.TenantId, out var id) ? id.ToString("D") : options.TenantId!.Trim();
        var appId = options.AppId!.Trim();
        return new(
            "Entra tenant",
            [$"https://login.microsoftonline.com/{tenant}/v2.0", $"https://sts.windows.net/{tenant}/"],
            [appId, $"api://{appId}"],
            keys,
            requiresEndorsement: false);
    }

    public void Dispose() => Keys.Dispose();
}
