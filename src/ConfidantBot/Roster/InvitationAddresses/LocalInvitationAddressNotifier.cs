namespace ConfidantBot.Roster.InvitationAddresses;

/// <summary>
/// Local mode has no mail: the notices are kept in memory (so the local tests and a developer can
/// see that both addresses would be told) and logged without the addresses.
/// </summary>
public sealed partial class LocalInvitationAddressNotifier(ILogger<LocalInvitationAddressNotifier> logger) : IInvitationAddressNotifier
{
    private readonly List<(string To, InvitationAddressChange Change)> _sent = [];

    /// <summary>Every notice "sent", as (recipient, change).</summary>
    public IReadOnlyList<(string To, InvitationAddressChange Change)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public Task NotifyAsync(InvitationAddressChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_sent)
        {
            _sent.Add((change.OldAddress, change));
            _sent.Add((change.NewAddress, change));
        }

        LogNotice(logger, change.ConfidantId);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Local mode: the invitation address of confidant {ConfidantId} changed; a notice would go to the old and the new address")]
    private static partial void LogNotice(ILogger logger, string confidantId);
}
