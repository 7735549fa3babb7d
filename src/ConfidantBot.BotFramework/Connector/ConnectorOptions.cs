using Azure.Core;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>Settings for the outbound Bot Connector client (<see cref="ConnectorClient"/>).</summary>
public sealed class ConnectorOptions
{
    /// <summary>The scope the connector token is requested for (bot-docs, "Getting the outbound token").</summary>
    public const string TokenScope = "https://api.botframework.com/.default";

    /// <summary>
    /// Local mode (no app id): the client posts only to loopback hosts (127.0.0.0/8, ::1, localhost),
    /// plain http allowed. Outside local mode every service URL must be https.
    /// </summary>
    public bool LocalMode { get; set; }

    /// <summary>
    /// The credential for the connector token (e.g. <c>ClientSecretCredential</c> or
    /// <c>ManagedIdentityCredential</c>, chosen by the host). <see langword="null"/> sends no token,
    /// which is only right in local mode.
    /// </summary>
    public TokenCredential? Credential
    {
        get => _credential as TokenCredential;
        set => _credential = value;
    }

    // Held as object so that asking HasCredential does not load Azure.Core: local mode never needs it.
    private object? _credential;

    /// <summary>Whether a <see cref="Credential"/> is set.</summary>
    internal bool HasCredential => _credential is not null;

    /// <summary>How many times a call is retried after a 429, 408, 5xx, timeout or network error.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay when the connector gives no <c>Retry-After</c>; doubles per retry.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for any retry delay, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one HTTP attempt before it counts as a (retryable) timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for a whole call, retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A cached token is replaced this long before it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The service hosts of Teams and the Bot Framework. Teams' public cloud and the US government
    /// clouds as the Microsoft 365 Agents SDK lists them (<c>TeamsServiceEndpoints</c>: publicGlobal
    /// <c>https://smba.trafficmanager.net/teams/</c>, gcc <c>https://smba.infra.gcc.teams.microsoft.com/teams</c>,
    /// gccHigh <c>https://smba.infra.gov.teams.microsoft.us/teams</c>, dod
    /// <c>https://smba.infra.dod.teams.microsoft.us/teams</c>), and the Bot Framework's own channels
    /// under <c>botframework.com</c> (e.g. the Azure portal's "Test in Web Chat", <c>webchat.botframework.com</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultAllowedServiceHosts =
    [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
        "*.botframework.com",
    ];

    /// <summary>
    /// Outside local mode, the hosts a service URL may name: exact names, or <c>*.domain</c> for any
    /// host below a domain. Null: <see cref="DefaultAllowedServiceHosts"/>. IP literals are never allowed.
    /// </summary>
    public string[]? AllowedServiceHosts { get; set; }

    /// <summary>The allow-list in force.</summary>
    public IReadOnlyList<string> EffectiveAllowedServiceHosts => AllowedServiceHosts ?? DefaultAllowedServiceHosts;

    /// <summary>How many trusted service URLs are remembered (least recently trusted go first).</summary>
    public int MaxTrustedServiceUrls { get; set; } = 256;

    /// <summary>Returns the first setting that is out of range, or <see langword="null"/> when all are valid.</summary>
    public string? FindInvalidSetting()
    {
        if (MaxRetries is < 0 or > 10)
        {
            return $"{nameof(MaxRetries)} must be between 0 and 10.";
        }

        if (BaseRetryDelay <= TimeSpan.Zero || MaxRetryDelay < BaseRetryDelay)
        {
            return $"{nameof(BaseRetryDelay)} must be positive and not above {nameof(MaxRetryDelay)}.";
        }

        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout < AttemptTimeout)
        {
            return $"{nameof(AttemptTimeout)} must be positive and not above {nameof(TotalTimeout)}.";
        }

        if (TokenRefreshMargin < TimeSpan.Zero)
        {
            return $"{nameof(TokenRefreshMargin)} must not be negative.";
        }

        if (EffectiveAllowedServiceHosts.Count == 0
            || EffectiveAllowedServiceHosts.Any(host => string.IsNullOrWhiteSpace(host) || System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _)
                || host.Contains('/', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) || (host.Contains('*', StringComparison.Ordinal) && !host.StartsWith("*.", StringComparison.Ordinal))))
        {
            return $"{nameof(AllowedServiceHosts)} must list host names (or *.domain), without scheme, port or IP addresses.";
        }

        if (MaxTrustedServiceUrls < 1)
        {
            return $"{nameof(MaxTrustedServiceUrls)} must be at least 1.";
        }

        return null;
    }
}
