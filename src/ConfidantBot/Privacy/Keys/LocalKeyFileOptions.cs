namespace ConfidantBot.Privacy.Keys;

/// <summary>
/// Configuration section <c>LocalKeys</c>, used when no Key Vault is configured (local mode).
/// The key file is <c>&lt;DataDirectory&gt;/keys.json</c>.
/// </summary>
public sealed class LocalKeyFileOptions
{
    public const string SectionName = "LocalKeys";
    public const string FileName = "keys.json";

    /// <summary>The local data folder; when empty, the top-level <c>DataDirectory</c> setting or <c>&lt;content root&gt;/data</c>.</summary>
    public string? DataDirectory { get; set; }

    public string KeyFilePath => Path.Combine(DataDirectory ?? throw new InvalidOperationException("LocalKeys:DataDirectory is not set."), FileName);
}
