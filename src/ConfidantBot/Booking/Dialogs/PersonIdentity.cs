using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// The two ids a person's bookings are found by (through a keyed hash only): the tenant and the
/// Entra object id that Teams sends with every activity.
/// </summary>
public sealed record PersonIdentity(string TenantId, string AadObjectId)
{
    /// <summary>Null when the activity does not carry both (e.g. not from Teams or the local page).</summary>
    /// <remarks>
    /// The tenant is read where inbound authentication checked it (<see cref="Activity.TenantId"/>),
    /// so booking, "my bookings" and forget-me always hash the same pair.
    /// </remarks>
    public static PersonIdentity? From(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var tenant = activity.TenantId;
        var objectId = activity.From?.AadObjectId;
        return string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(objectId) ? null : new PersonIdentity(tenant, objectId);
    }
}
