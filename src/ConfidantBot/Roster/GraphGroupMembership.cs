using Microsoft.Graph;
using Microsoft.Graph.Users.Item.CheckMemberGroups;
using Microsoft.Kiota.Abstractions;

namespace ConfidantBot.Roster;

/// <summary>The group check through Graph <c>checkMemberGroups</c> (transitive; needs GroupMember.Read.All).</summary>
public sealed partial class GraphGroupMembership(GraphServiceClient graph, ILogger<GraphGroupMembership> logger) : IHrGroupMembership
{
    public async Task<bool> IsMemberAsync(string aadObjectId, string groupId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await graph.Users[aadObjectId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                new CheckMemberGroupsPostRequestBody { GroupIds = [groupId] }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response?.Value?.Contains(groupId, StringComparer.OrdinalIgnoreCase) == true;
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

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Graph answered {Status} to the HR admin group check; the person was not treated as an admin. Check the app's GroupMember.Read.All permission.")]
    private static partial void LogGraphRefused(ILogger logger, int status);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Graph could not be reached for the HR admin group check; the person was not treated as an admin this time.")]
    private static partial void LogGraphUnreachable(ILogger logger);
}
