using ConfidantBot.BotFramework.Telemetry;
using ConfidantBot.Operations;
using Microsoft.Graph;
using Microsoft.Graph.Users.Item.CheckMemberGroups;
using Microsoft.Kiota.Abstractions;

namespace ConfidantBot.Roster;

/// <summary>The group check through Graph <c>checkMemberGroups</c> (transitive; needs GroupMember.Read.All).</summary>
public sealed partial class GraphGroupMembership(GraphServiceClient graph, ILogger<GraphGroupMembership> logger, ConfidantBotMetrics? metrics = null) : IHrGroupMembership
{
    private const string Operation = "checkMemberGroups";

    public async Task<bool> IsMemberAsync(string aadObjectId, string groupId, CancellationToken cancellationToken)
    {
        metrics?.GraphCalled(Operation);
        using var activity = DependencyActivity.Start(AppActivities.Source, "Graph", new Uri(graph.RequestAdapter.BaseUrl ?? "https://graph.microsoft.com/v1.0").Host, "POST", Operation);
        try
        {
            var response = await graph.Users[aadObjectId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                new CheckMemberGroupsPostRequestBody { GroupIds = [groupId] }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response?.Value?.Contains(groupId, StringComparer.OrdinalIgnoreCase) == true;
        }
        catch (ApiException exception)
        {
            metrics?.GraphFailed(Operation, exception.ResponseStatusCode is 401 or 403 ? "denied" : "unavailable");
            activity.Answered(exception.ResponseStatusCode);
            // 404 is a person Graph does not know in this tenant; anything else is worth an engineer's look.
            LogGraphRefused(logger, exception.ResponseStatusCode);
            return false;
        }
        catch (HttpRequestException exception)
        {
            metrics?.GraphFailed(Operation, "unavailable");
            activity.Failed(exception);
            LogGraphUnreachable(logger);
            return false;
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics?.GraphFailed(Operation, "unavailable");
            activity.Failed(exception);
            LogGraphUnreachable(logger);
            return false;
        }
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Graph answered {Status} to the HR admin group check; the person was not treated as an admin. Check the app's GroupMember.Read.All permission.")]
    private static partial void LogGraphRefused(ILogger logger, int status);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Graph could not be reached for the HR admin group check; the person was not treated as an admin this time.")]
    private static partial void LogGraphUnreachable(ILogger logger);
}
