using System.Security.Claims;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// Authenticates inbound activities as the Bot Framework connector-authentication spec describes:
/// a bearer JWT signed by a key from the issuer's OpenID metadata with an algorithm that metadata
/// lists in <c>id_token_signing_alg_values_supported</c> (RS256/384/512 at most), issued by
/// <c>https://api.botframework.com</c> (or, for a single-tenant bot, by Entra ID for its tenant and
/// requested by the bot's own app id), addressed to the bot's app id, within its lifetime, naming the
/// activity's <c>serviceUrl</c>, signed by a key that endorses the activity's channel, and from an
/// allowed tenant.
/// </summary>
public sealed partial class BotRequestAuthenticator : IRequestAuthenticator, IDisposable
{
    /// <summary>The most the bot ever accepts; the metadata narrows it further.</summary>
    private static readonly string[] SupportedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    /// <summary>When metadata advertises no algorithm, only the one both issuers publish today.</summary>
    private static readonly string[] FallbackAlgorithms = [SecurityAlgorithms.RsaSha256];

    private readonly BotAuthenticationOptions _options;
    private readonly ILogger<BotRequestAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly IReadOnlyList<TrustedIssuer> _issuers;
    private readonly TenantAllowList _tenants;

    public BotRequestAuthenticator(
        IOptions<BotAuthenticationOptions> options,
        IDocumentRetriever metadataRetriever,
        TimeProvider time,
        ILogger<BotRequestAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metadataRetriever);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _tenants = new TenantAllowList(_options);
        _issuers = _options.IsEnabled ? CreateIssuers(_options, metadataRetriever, time) : [];
    }

    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var outcome = await DecideAsync(authorizationHeader, activity, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            LogRefused(_logger, outcome.StatusCode, outcome.Reason);
        }

        return outcome;
    }

    public void Dispose()
    {
        foreach (var issuer in _issuers)
        {
            issuer.Dispose();
        }
    }

    private async Task<AuthenticationOutcome> DecideAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (!_options.IsEnabled)
        {
            // Fail closed: local mode must skip authentication on purpose, never by a missing setting.
            return AuthenticationOutcome.Unauthenticated("authentication is not configured");
        }

        if (BearerToken.TryRead(authorizationHeader, out var token) is { } headerProblem)
        {
            return AuthenticationOutcome.Unauthenticated(headerProblem);
        }

        var claimedIssuer = ReadIssuerUnvalidated(token);
        if (claimedIssuer is null)
        {
            return AuthenticationOutcome.Unauthenticated("malformed token");
        }

        var issuer = _issuers.FirstOrDefault(candidate => candidate.Issues(claimedIssuer));
        if (issuer is null)
        {
            return AuthenticationOutcome.Unauthenticated("token issuer is not trusted");
        }

        var validation = await ValidateAsync(issuer, token, cancellationToken).ConfigureAwait(false);
        if (validation.Failure is not null)
        {
            return validation.Failure;
        }

        var identity = validation.Result!.ClaimsIdentity;
        if (issuer.FindCallerProblem(claimedIssuer, identity) is { } callerProblem)
        {
            return AuthenticationOutcome.Unauthenticated(callerProblem);
        }

        if (!ServiceUrlClaim.Matches(ServiceUrlClaim.Find(identity), activity.ServiceUrl))
        {
            return AuthenticationOutcome.Forbidden("serviceUrl does not match the token");
        }

        if (issuer.RequiresEndorsement
            && (validation.Result.SecurityToken.SigningKey is not { } signingKey
                || !KeyEndorsements.Endorses(signingKey, validation.Keys!, activity.ChannelId)))
        {
            return AuthenticationOutcome.Forbidden("signing key is not endorsed for this channel");
        }

        if (!_tenants.Allows(activity.TenantId))
        {
            return AuthenticationOutcome.Forbidden("tenant not allowed");
        }

        return AuthenticationOutcome.Success(identity);
    }

    private async Task<TokenCheck> ValidateAsync(TrustedIssuer issuer, string token, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration keys;
        try
        {
            keys = await issuer.Keys.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            LogKeysUnavailable(_logger, issuer.Name, ex);
            return TokenCheck.Failed(AuthenticationOutcome.Unauthenticated("signing keys are unavailable"));
        }

        // Checked by name first so the refusal says why: the library reports it as a bad signature.
        if (!AllowedAlgorithms(keys).Contains(ReadAlgorithmUnvalidated(token), StringComparer.Ordinal))
        {
            return TokenCheck.Failed(AuthenticationOutcome.Unauthenticated(DescribeFailure(new SecurityTokenInvalidAlgorithmException())));
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(issuer, keys)).ConfigureAwait(false);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            var refreshed = await issuer.Keys.RefreshForUnknownKeyAsync(keys, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(refreshed, keys))
            {
                keys = refreshed;
                result = await _handler.ValidateTokenAsync(token, Parameters(issuer, keys)).ConfigureAwait(false);
            }
        }

        return result.IsValid
            ? new TokenCheck(result, keys, null)
            : TokenCheck.Failed(AuthenticationOutcome.Unauthenticated(DescribeFailure(result.Exception)));
    }

    private TokenValidationParameters Parameters(TrustedIssuer issuer, OpenIdConnectConfiguration keys) => new()
    {
        ValidIssuers = issuer.Issuers,
        ValidAudiences = issuer.Audiences,
        IssuerSigningKeys = keys.SigningKeys,
        ValidAlgorithms = AllowedAlgorithms(keys),
        ClockSkew = _options.ClockSkew,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        RequireAudience = true,
        // The key must be the one the token names (kid); trying every key would let any published key stand in.
        TryAllIssuerSigningKeys = false,
    };

    /// <summary>
    /// The spec: a valid signature "using the signing algorithm that is specified in the
    /// id_token_signing_alg_values_supported property of the Open ID Metadata document".
    /// </summary>
    private static string[] AllowedAlgorithms(OpenIdConnectConfiguration keys)
    {
        var advertised = SupportedAlgorithms
            .Where(algorithm => keys.IdTokenSigningAlgValuesSupported.Contains(algorithm, StringComparer.Ordinal))
            .ToArray();
        return advertised.Length > 0 ? advertised : FallbackAlgorithms;
    }

    private string? ReadAlgorithmUnvalidated(string token)
    {
        try
        {
            return _handler.ReadJsonWebToken(token).Alg;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or FormatException)
        {
            return null;
        }
    }

    private string? ReadIssuerUnvalidated(string token)
    {
        try
        {
            return _handler.CanReadToken(token) ? _handler.ReadJsonWebToken(token).Issuer : null;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or FormatException)
        {
            return null;
        }
    }

    private static string DescribeFailure(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenInvalidIssuerException => "token issuer is not trusted",
        SecurityTokenInvalidAudienceException => "token is not addressed to this bot",
        SecurityTokenSignatureKeyNotFoundException => "token signing key is unknown",
        SecurityTokenInvalidAlgorithmException => "token signing algorithm is not allowed",
        SecurityTokenInvalidSignatureException => "token signature is invalid",
        SecurityTokenMalformedException => "malformed token",
        _ => "token is invalid",
    };

    private static List<TrustedIssuer> CreateIssuers(BotAuthenticationOptions options, IDocumentRetriever retriever, TimeProvider time)
    {
        SigningKeyCache KeysFrom(string metadataUrl) =>
            new(metadataUrl, retriever, options.KeyRefreshInterval, options.MinimumKeyRefreshInterval, time);

        var issuers = new List<TrustedIssuer> { TrustedIssuer.BotFramework(options, KeysFrom(options.OpenIdMetadataUrl)) };
        if (options.EntraOpenIdMetadataUrlForTenant() is { } entraMetadataUrl)
        {
            issuers.Add(TrustedIssuer.EntraTenant(options, KeysFrom(entraMetadataUrl)));
        }

        return issuers;
    }

    /// <summary>A validated token with the key set that validated it, or why it was refused.</summary>
    private sealed record TokenCheck(TokenValidationResult? Result, OpenIdConnectConfiguration? Keys, AuthenticationOutcome? Failure)
    {
        public static TokenCheck Failed(AuthenticationOutcome failure) => new(null, null, failure);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Inbound request refused with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Signing keys of {Issuer} could not be fetched")]
    private static partial void LogKeysUnavailable(ILogger logger, string issuer, Exception exception);
}
