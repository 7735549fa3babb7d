using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;

namespace ConfidantBot.BotFramework.Storage;

/// <summary>
/// Where <see cref="AzureTableStorage"/> keeps its items. Production: <see cref="ServiceUri"/> with a
/// managed identity (no shared keys). Development and tests: <see cref="ConnectionString"/> to Azurite.
/// </summary>
public sealed partial class AzureTableStorageOptions : IStorageOptions
{
    /// <summary>The table; created if missing. 3–63 letters and digits, starting with a letter.</summary>
    public string TableName { get; set; } = "ConfidantBot";

    /// <summary>A storage connection string (Azurite, development). Leave empty in production.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table service endpoint, e.g. <c>https://account.table.core.windows.net/</c>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The identity used with <see cref="ServiceUri"/>; when null, <c>DefaultAzureCredential</c> (managed identity in Azure).</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>Retry and transport settings of the Azure SDK; null for its defaults.</summary>
    public TableClientOptions? ClientOptions { get; set; }

    string? IStorageOptions.FindProblem()
    {
        if (string.IsNullOrWhiteSpace(TableName) || !TableNamePattern().IsMatch(TableName))
        {
            return $"Azure Table storage: {nameof(TableName)} must be 3–63 letters and digits starting with a letter.";
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            return $"Azure Table storage: set either {nameof(ConnectionString)} (Azurite, development) or {nameof(ServiceUri)} (production, managed identity), not both and not neither.";
        }

        if (ServiceUri is { IsAbsoluteUri: false })
        {
            return $"Azure Table storage: {nameof(ServiceUri)} must be an absolute URI.";
        }

        if (ServiceUri is not null && ServiceUri.Scheme != Uri.UriSchemeHttps && !ServiceUri.IsLoopback)
        {
            return $"Azure Table storage: {nameof(ServiceUri)} must use https (only a loopback emulator may use http).";
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
