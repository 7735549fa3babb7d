using System.Text.Json;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// The two ids a person's bookings are found by (through a keyed hash only): the tenant and the
/// Entra object id that Teams sends with every activity.
/// </summary>
public sealed record PersonIdentity(string TenantId, string AadObjectId)
{
    /// <summary>Null when the activity does not carry both (e.g. not from Teams or the local page).</summary>
    public static PersonIdentity? From(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var tenant = activity.Conversation?.TenantId;
        if (string.IsNullOrWhiteSpace(tenant)
            && activity.ChannelData is { ValueKind: JsonValueKind.Object } channelData
            && channelData.TryGetProperty("tenant", out var tenantObject)
            && tenantObject.ValueKind == JsonValueKind.Object
            && tenantObject.TryGetProperty("id", out var tenantId)
            && tenantId.ValueKind == JsonValueKind.String)
        {
            tenant = tenantId.GetString();
        }

        var objectId = activity.From?.AadObjectId;
        return string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(objectId) ? null : new PersonIdentity(tenant, objectId);
    }
}
