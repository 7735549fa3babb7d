using System.Net;

namespace ConfidantBot.Hosting;

/// <summary>
/// Configuration problems found before the host starts. Each message names the setting to fix,
/// because the person reading it is an engineer in the middle of a deployment.
/// </summary>
public static class StartupChecks
{
    public static IReadOnlyList<string> Find(IConfiguration configuration, IHostEnvironment environment, IReadOnlyCollection<string> listenUrls)
    {
        var problems = new List<string>();
        var bot = configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();

        if (environment.IsProduction())
        {
            if (string.IsNullOrWhiteSpace(bot.AppId))
            {
                problems.Add("Bot:AppId is missing. In production set it to the Azure Bot's app id (the managed identity's client id).");
            }

            if (string.IsNullOrWhiteSpace(bot.TenantId))
            {
                problems.Add("Bot:TenantId is missing. In production set it to the Entra tenant id of the municipality.");
            }

            if (string.IsNullOrWhiteSpace(configuration["KeyVault:VaultUri"]))
            {
                problems.Add("KeyVault:VaultUri is missing. In production the sealing keys come from Azure Key Vault; set it to https://<vault>.vault.azure.net/.");
            }

            if (!configuration.GetSection("InvitationAddresses:AllowedDomains").GetChildren().Any(domain => !string.IsNullOrWhiteSpace(domain.Value)))
            {
                problems.Add("InvitationAddresses:AllowedDomains is empty. In production list the mail domains confidants' invitation addresses may be in (e.g. InvitationAddresses__AllowedDomains__0=gemeente.nl), so booking requests cannot be redirected to any address.");
            }

            if (!string.IsNullOrWhiteSpace(configuration["Storage:ConnectionString"]))
            {
                problems.Add("Storage:ConnectionString is set. In production it would put a storage key in plain configuration; remove it and set Storage:TableEndpoint (managed identity) instead.");
            }
        }

        if (configuration["Storage:TableEndpoint"] is { Length: > 0 } tableEndpoint
            && (!Uri.TryCreate(tableEndpoint, UriKind.Absolute, out var tableUri) || (tableUri.Scheme != Uri.UriSchemeHttps && !tableUri.IsLoopback)))
        {
            problems.Add("Storage:TableEndpoint must be the storage account's https table endpoint, e.g. https://<account>.table.core.windows.net/.");
        }

        if (!string.IsNullOrWhiteSpace(bot.AppId) && !Guid.TryParse(bot.AppId, out _))
        {
            problems.Add("Bot:AppId must be a GUID (the Azure Bot's Microsoft App ID).");
        }

        if (!string.IsNullOrWhiteSpace(bot.TenantId) && !Guid.TryParse(bot.TenantId, out _))
        {
            problems.Add("Bot:TenantId must be a GUID (the Entra tenant id).");
        }

        if (configuration["Retention:UnansweredRequestDays"] is not null)
        {
            problems.Add("Retention:UnansweredRequestDays is no longer read: a request's routing is deleted Retention:DaysAfterAppointment days after its appointment time, answered or not. Remove the setting so nobody relies on a deletion that does not happen.");
        }

        if (bot.IsLocalMode && !environment.IsProduction() && !IsLocalModeEnvironment(environment))
        {
            problems.Add($"Bot:AppId is empty, which means local mode: no inbound authentication. Local mode is allowed only in the Development environment (and Benchmark, the benchmark's own), not in '{environment.EnvironmentName}'. Set Bot:AppId (with Bot:TenantId and KeyVault:VaultUri), or run with ASPNETCORE_ENVIRONMENT=Development on a developer's machine.");
        }

        if (!bot.IsLocalMode && Booking.BookingExtensions.ConfiguredServiceMailbox(configuration) is null)
        {
            problems.Add("Booking:ServiceMailbox (or Graph:ServiceMailbox) is missing. Outside local mode the appointments are organised by the service mailbox through Microsoft Graph; the local calendar is for local mode only. Set it to the service mailbox's address, e.g. vertrouwelijk@gemeente.nl.");
        }

        if (bot.IsLocalMode)
        {
            foreach (var url in listenUrls.Where(url => !IsLoopback(url)))
            {
                problems.Add($"Local mode (no Bot:AppId) listens on 127.0.0.1 only, but '{url}' was configured. Use http://127.0.0.1:<port> or http://localhost:<port>, or configure Bot:AppId.");
            }
        }

        return problems;
    }

    /// <summary>The environments in which an empty Bot:AppId may mean local mode: a developer's machine and the benchmark.</summary>
    public static readonly IReadOnlyList<string> LocalModeEnvironments = [Environments.Development, "Benchmark"];

    private static bool IsLocalModeEnvironment(IHostEnvironment environment) =>
        LocalModeEnvironments.Any(name => environment.IsEnvironment(name));

    internal static bool IsLoopback(string url)
    {
        var hostStart = url.IndexOf("://", StringComparison.Ordinal);
        var rest = hostStart >= 0 ? url[(hostStart + 3)..] : url;
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        var host = (hostEnd > 0 ? rest[..hostEnd] : rest).Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}

/// <summary>Raised at start when <see cref="StartupChecks"/> finds problems; lists every one.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> problems)
    : Exception("ConfidantBot cannot start; fix the configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => " - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
