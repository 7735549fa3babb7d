namespace ConfidantBot.Privacy.Keys;

/// <summary>
/// The keys cannot be had right now (Key Vault down, no access, secret missing or malformed).
/// The bot answers "try again later" and stores nothing half-done. The message is for the
/// operator's log; it names the setting or secret to check and never contains key material.
/// </summary>
public sealed class KeyUnavailableException : Exception
{
    public KeyUnavailableException(string message) : base(message) { }

    public KeyUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A record names a key version the key store does not have (deleted, or never existed).</summary>
public sealed class UnknownKeyVersionException(string version)
    : Exception($"No data key with version '{version}' exists; records sealed with it cannot be opened.")
{
    public string Version { get; } = version;
}
