using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Whether the menu shows the HR entries. May answer from a recent group check instead of asking
    /// the directory again; every admin action still checks with <see cref="IsAdminAsync"/>.
    /// </summary>
    Task<bool> ShowsAdminMenuAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
        => IsAdminAsync(tenantId, aadObjectId, cancellationToken);
}

/// <summary>Asks the directory whether a person is a (transitive) member of a group.</summary>
public interface IHrGroupMembership
{
    /// <summary>True when the directory confirms the membership; false for anything it cannot confirm.</summary>
    Task<bool> IsMemberAsync(string aadObjectId, string groupId, CancellationToken cancellationToken);
}

/// <summary>
/// Checks the configured object ids first and, when a group is configured, asks the directory
/// (<see cref="IHrGroupMembership"/>, Graph <c>checkMemberGroups</c>). Anyone the check cannot
/// confirm (Graph unreachable, access denied, another tenant) is not an admin. Asked on every admin
/// action, so a removed admin loses access at once. The menu, shown on most turns, reuses a group
/// answer for <see cref="MenuAnswerLifetime"/> so an ordinary turn makes no Graph call.
/// </summary>
/// <remarks>
/// The group check is a separate service so that a host without a group (local mode, a fixed list of
/// ids) never loads the Graph SDK: its assembly alone costs about 10 MB of resident memory.
/// </remarks>
public sealed partial class HrAdminAuthorizer(IOptions<HrAdminOptions> options, ILogger<HrAdminAuthorizer> logger, IHrGroupMembership? groups = null, TimeProvider? time = null) : IHrAdminAuthorizer
{
    /// <summary>How long the menu may rely on a group answer (hiding or showing the HR entries only).</summary>
    public static readonly TimeSpan MenuAnswerLifetime = TimeSpan.FromMinutes(5);

    // Bounded: one entry per person who saw the menu recently; cleared whole when full.
    private const int MaxMenuAnswers = 10_000;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (bool IsMember, DateTimeOffset Until)> _menuAnswers = new(StringComparer.OrdinalIgnoreCase);

    public Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
        => CheckAsync(tenantId, aadObjectId, useRecentGroupAnswer: false, cancellationToken);

    public Task<bool> ShowsAdminMenuAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
        => CheckAsync(tenantId, aadObjectId, useRecentGroupAnswer: true, cancellationToken);

    private async Task<bool> CheckAsync(string? tenantId, string? aadObjectId, bool useRecentGroupAnswer, CancellationToken cancellationToken)
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

        if (groups is null)
        {
            LogNoGraph(logger);
            return false;
        }

        var now = _time.GetUtcNow();
        if (useRecentGroupAnswer && _menuAnswers.TryGetValue(aadObjectId, out var recent) && recent.Until > now)
        {
            return recent.IsMember;
        }

        var isMember = await groups.IsMemberAsync(aadObjectId, settings.GroupId, cancellationToken).ConfigureAwait(false);
        if (_menuAnswers.Count >= MaxMenuAnswers)
        {
            _menuAnswers.Clear();
        }

        // A fresh answer (also from an admin action) replaces what the menu remembered.
        _menuAnswers[aadObjectId] = (isMember, now + MenuAnswerLifetime);
        return isMember;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "HrAdmins:GroupId is set but no Graph client is registered; group members are not recognised as admins.")]
    private static partial void LogNoGraph(ILogger logger);
}
