using ConfidantBot.Hosting;
using ConfidantBot.Presentation;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Roster;

/// <summary>
/// In local mode only, fills an empty roster with the demo roster (<c>Data/demo-roster.json</c>,
/// clearly marked example data for "Gemeente Voorbeeldstad") so the bot can be tried at once.
/// A roster that already has entries is never touched, and production never gets demo data.
/// </summary>
public sealed partial class RosterSeeder(RosterStore store, IOptions<BotOptions> bot, ILogger<RosterSeeder> logger) : IHostedService
{
    /// <summary>The audit log's "admin" for the seed.</summary>
    public const string SeedAdminId = "local-demo-seed";

    public static RosterDocument DemoRoster()
    {
        var json = System.Text.Encoding.UTF8.GetString(AppResources.Read("Roster.Data.demo-roster.json"));
        return RosterJson.TryParse(json, out var roster, out var error)
            ? roster
            : throw new InvalidOperationException($"The demo roster does not parse: {error}");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!bot.Value.IsLocalMode)
        {
            return;
        }

        var current = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (current.Confidants.Count > 0 || current.Contacts.Count > 0)
        {
            return;
        }

        var seeded = await store.ImportAsync(DemoRoster(), SeedAdminId, cancellationToken).ConfigureAwait(false);
        LogSeeded(logger, seeded.Confidants.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Local mode: the empty roster was filled with {Count} example confidants (demo data).")]
    private static partial void LogSeeded(ILogger logger, int count);
}
