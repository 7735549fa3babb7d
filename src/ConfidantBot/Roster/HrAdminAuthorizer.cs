using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Users.Item.CheckMemberGroups;
using Microsoft.Kiota.Abstractions;

namespace ConfidantBot.Roster;

/// <summary>Who may administer the roster. Section <c>HrAdmins</c>.</summary>
public sealed class HrAdminOptions
{
    public const string SectionName = "HrAdmins";

    /// <summary>The HR identity of the local chat page (local mode only): it is the configured local admin there.</summary>
    public const string LocalAdminObjectId = "00000000-0000-0000-0000-00000000a001";

    /// <summary>Entra object ids of HR admins.</summary>
    public List<string> ObjectIds { get; set; } = [];

    /// <summary>An Entra group whose members are HR admins (checked through Graph <c>checkMemberGroups</c>).</summary>
    public string? GroupId { get; set; }

    /// <summary>When set, only people of this tenant can be admins (defaults to <c>Bot:TenantId</c>).</summary>
    public string? TenantId { get; set; }
}

public interface IHrAdminAuthorizer
{
    /// <summary>True when the person behind this Teams identity is an HR admin.</summary>
    Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken);
}

/// <summary>
/// Checks the configured object ids first and, when a group is configured, asks Graph
/// (<c>checkMemberGroups</c>, transitive). Anyone the check cannot confirm (Graph unreachable,
/// access denied, another tenant) is not an admin. Asked on every admin action, so a removed
/// admin loses access at once.
/// </summary>
public sealed partial class HrAdminAuthorizer(IOptions<HrAdminOptions> options, ILogger<HrAdminAuthorizer> logger, GraphServiceClient? graph = null) : IHrAdminAuthorizer
{
    public async Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(aadObjectId) || !Guid.TryParse(aadObjectId, out _))
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(settings.TenantId) && !string.Equals(settings.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (settings.ObjectIds.Contains(aadObjectId, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(settings.GroupId))
        {
            return false;
        }

        if (graph is null)
        {
            LogNoGraph(logger);
            return false;
        }

        try
        {
            var response = await graph.Users[aadObjectId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                new CheckMemberGroupsPostRequestBody { GroupIds = [settings.GroupId] }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response?.Value?.Contains(settings.GroupId, StringComparer.OrdinalIgnoreCase) == true;
        }
        catch (ApiException exception)
        {
            // 404 is a person Graph does not know in this tenant; anything else is worth an engineer's look.
            LogGraphRefused(logger, exception.ResponseStatusCode);
            return false;
        }
        catch (HttpRequestException)
        {
            LogGraphUnreachable(logger);
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogGraphUnreachable(logger);
            return false;
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "HrAdmins:GroupId is set but no Graph client is registered; group members are not recognised as admins.")]
    private static partial void LogNoGraph(ILogger logger);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Graph answered {Status} to the HR admin group check; the person was not treated as an admin. Check the app's GroupMember.Read.All permission.")]
    private static partial void LogGraphRefused(ILogger logger, int status);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Graph could not be reached for the HR admin group check; the person was not treated as an admin this time.")]
    private static partial void LogGraphUnreachable(ILogger logger);
}
