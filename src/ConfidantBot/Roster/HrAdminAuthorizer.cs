using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Users.Item.CheckMemberGroups;

namespace ConfidantBot.Roster;

/// <summary>Who may administer the roster. Section <c>HrAdmins</c>.</summary>
public sealed class HrAdminOptions
{
    public const string SectionName = "HrAdmins";

    /// <summary>Entra object ids of HR admins.</summary>
    public List<string> ObjectIds { get; set; } = [];

    /// <summary>An Entra group whose members are HR admins (checked through Graph).</summary>
    public string? GroupId { get; set; }
}

public interface IHrAdminAuthorizer
{
    /// <summary>True when the person behind this Teams identity is an HR admin.</summary>
    Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken);
}

/// <summary>
/// Checks the configured object ids first and, when a group is configured, asks Graph
/// (<c>checkMemberGroups</c>). Anyone the check cannot confirm is not an admin.
/// </summary>
public sealed class HrAdminAuthorizer(IOptions<HrAdminOptions> options, IServiceProvider services) : IHrAdminAuthorizer
{
    private readonly HrAdminOptions _options = options.Value;

    public async Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return false;
        }

        if (_options.ObjectIds.Contains(aadObjectId, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(_options.GroupId) || services.GetService(typeof(GraphServiceClient)) is not GraphServiceClient graph)
        {
            return false;
        }

        try
        {
            var response = await graph.Users[aadObjectId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                new CheckMemberGroupsPostRequestBody { GroupIds = [_options.GroupId] }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response?.Value?.Contains(_options.GroupId, StringComparer.OrdinalIgnoreCase) == true;
        }
        catch (Microsoft.Kiota.Abstractions.ApiException)
        {
            return false;
        }
    }
}
