using System.Globalization;
using Azure;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>
/// The ETag handed to callers: the entity's Azure ETag plus the expiry of that version. A write that
/// names this ETag can then refuse a version that has meanwhile expired (expired items are absent)
/// without an extra round trip: if Azure accepts the ETag, the stored expiry is the one in it.
/// </summary>
internal static class AzureItemETag
{
    private const string ExpirySeparator = ";expires=";

    public static string Compose(ETag azureETag, DateTimeOffset? expiresAt) =>
        expiresAt is { } expiry
            ? string.Concat(azureETag.ToString(), ExpirySeparator, expiry.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))
            : azureETag.ToString();

    public static bool TryParse(string value, out ETag azureETag, out DateTimeOffset? expiresAt)
    {
        azureETag = default;
        expiresAt = null;
        var separator = value.LastIndexOf(ExpirySeparator, StringComparison.Ordinal);
        if (separator < 0)
        {
            azureETag = new ETag(value);
            return value.Length > 0;
        }

        if (separator == 0
            || !long.TryParse(value.AsSpan(separator + ExpirySeparator.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        azureETag = new ETag(value[..separator]);
        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }
}
