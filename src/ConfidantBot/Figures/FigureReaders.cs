using System.Collections.Concurrent;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Figures;

/// <summary>
/// Who may read the anonymous figures besides the HR admins: e.g. the griffier or the works council
/// secretary. They see the figures and the yearly report, nothing of the roster. Section <c>FigureReaders</c>.
/// </summary>
public sealed class FigureReaderOptions
{
    public const string SectionName = "FigureReaders";

    /// <summary>Entra object ids of figure readers.</summary>
    public List<string> ObjectIds { get; set; } = [];

    /// <summary>An Entra group whose members are figure readers (checked through Graph <c>checkMemberGroups</c>).</summary>
    public string? GroupId { get; set; }

    /// <summary>When set, only people of this tenant can be readers (defaults to <c>HrAdmins:TenantId</c>, i.e. <c>Bot:TenantId</c>).</summary>
    public string? TenantId { get; set; }
}

/// <summary>Whether someone may read the figures: an HR admin, or a configured figure reader.</summary>
public interface IFigureReaderAuthorizer
{
    /// <summary>True for HR admins and figure readers; asked before every step of the figures, so a withdrawn right ends at once.</summary>
    Task<bool> CanReadFiguresAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken);

    /// <summary>Whether the menu shows the figures button; may answer from a recent group check (the dialog checks again).</summary>
    Task<bool> ShowsFiguresMenuAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
        => CanReadFiguresAsync(tenantId, aadObjectId, cancellationToken);
}

/// <summary>
/// HR admins first (<see cref="IHrAdminAuthorizer"/>), then the configured reader ids, then, when a
/// reader group is configured, the directory. Anyone the checks cannot confirm is refused.
/// </summary>
public sealed class FigureReaderAuthorizer(
    IHrAdminAuthorizer admins,
    IOptions<FigureReaderOptions> options,
    IOptions<HrAdminOptions> adminOptions,
    IHrGroupMembership? groups = null,
    TimeProvider? time = null) : IFigureReaderAuthorizer
{
    // Bounded like the admin menu's answers: one entry per person who saw the menu recently.
    private const int MaxMenuAnswers = 10_000;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (bool IsMember, DateTimeOffset Until)> _menuAnswers = new(StringComparer.OrdinalIgnoreCase);

    public Task<bool> CanReadFiguresAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
        => CheckAsync(tenantId, aadObjectId, forMenu: false, cancellationToken);

    public Task<bool> ShowsFiguresMenuAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken)
        => CheckAsync(tenantId, aadObjectId, forMenu: true, cancellationToken);

    private async Task<bool> CheckAsync(string? tenantId, string? aadObjectId, bool forMenu, CancellationToken cancellationToken)
    {
        var isAdmin = forMenu
            ? await admins.ShowsAdminMenuAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false)
            : await admins.IsAdminAsync(tenantId, aadObjectId, cancellationToken).ConfigureAwait(false);
        if (isAdmin)
        {
            return true;
        }

        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(aadObjectId) || !Guid.TryParse(aadObjectId, out _))
        {
            return false;
        }

        var requiredTenant = string.IsNullOrWhiteSpace(settings.TenantId) ? adminOptions.Value.TenantId : settings.TenantId;
        if (!string.IsNullOrWhiteSpace(requiredTenant) && !string.Equals(requiredTenant, tenantId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (settings.ObjectIds.Contains(aadObjectId, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(settings.GroupId) || groups is null)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (forMenu && _menuAnswers.TryGetValue(aadObjectId, out var recent) && recent.Until > now)
        {
            return recent.IsMember;
        }

        var isMember = await groups.IsMemberAsync(aadObjectId, settings.GroupId, cancellationToken).ConfigureAwait(false);
        if (_menuAnswers.Count >= MaxMenuAnswers)
        {
            _menuAnswers.Clear();
        }

        _menuAnswers[aadObjectId] = (isMember, now + HrAdminAuthorizer.MenuAnswerLifetime);
        return isMember;
    }
}
