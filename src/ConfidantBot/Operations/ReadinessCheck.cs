using Azure.Core;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Hosting;
using ConfidantBot.Privacy.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Operations;

/// <summary>
/// Part of <c>/healthz/ready</c> (the store has its own check): the sealing and hashing keys can be had, and
/// outside local mode the app's identity gets a Graph token. The keys and the token are cached by their
/// providers, so a probe a minute costs no Key Vault or Entra call in the common case. The answer says only
/// Healthy or Unhealthy; which part failed is in the check's description, which is not written to the response.
/// </summary>
internal sealed class ReadinessCheck(IKeyProvider keys, IOptions<BotOptions> bot, IServiceProvider services) : IHealthCheck
{
    public const string Tag = "ready";

    private static readonly TokenRequestContext GraphScope = new(["https://graph.microsoft.com/.default"]);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await keys.GetCurrentDataKeyAsync(cancellationToken).ConfigureAwait(false);
            await keys.GetHmacKeyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KeyUnavailableException)
        {
            return HealthCheckResult.Unhealthy("The keys cannot be had.");
        }

        if (!bot.Value.IsLocalMode && services.GetService<GraphCredential>() is { } graph)
        {
            try
            {
                await graph.Credential.GetTokenAsync(GraphScope, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or Azure.RequestFailedException)
            {
                return HealthCheckResult.Unhealthy("No Graph token: " + exception.GetType().Name);
            }
        }

        return HealthCheckResult.Healthy();
    }
}
