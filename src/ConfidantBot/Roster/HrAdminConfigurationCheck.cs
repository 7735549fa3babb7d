using Microsoft.Extensions.Options;

namespace ConfidantBot.Roster;

/// <summary>
/// Warns at start when nobody can maintain the roster. Not an error: the bot still serves
/// employees, and a deployment may add admins later.
/// </summary>
public sealed partial class HrAdminConfigurationCheck(IOptions<HrAdminOptions> options, ILogger<HrAdminConfigurationCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.ObjectIds.Count == 0 && string.IsNullOrWhiteSpace(settings.GroupId))
        {
            LogNoAdmins(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "No HR admins are configured (HrAdmins:ObjectIds or HrAdmins:GroupId): nobody can maintain the confidant roster in Teams.")]
    private static partial void LogNoAdmins(ILogger logger);
}
