namespace ConfidantBot.Roster.InvitationAddresses;

/// <summary>
/// A confidant's invitation address changed: both the old and the new address are told, so a
/// change nobody asked for (requests redirected to someone else) does not go unnoticed.
/// </summary>
public sealed record InvitationAddressChange(string ConfidantId, string ConfidantName, string OldAddress, string NewAddress, DateTimeOffset ChangedAt);

/// <summary>The mail side of the calendar seam: Microsoft Graph in production, the local calendar store locally.</summary>
public interface IInvitationAddressNotifier
{
    /// <summary>Sends one notice to <see cref="InvitationAddressChange.OldAddress"/> and one to <see cref="InvitationAddressChange.NewAddress"/>.</summary>
    Task NotifyAsync(InvitationAddressChange change, CancellationToken cancellationToken);
}
