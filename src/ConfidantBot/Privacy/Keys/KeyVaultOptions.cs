using System.ComponentModel.DataAnnotations;

namespace ConfidantBot.Privacy.Keys;

/// <summary>Configuration section <c>KeyVault</c>. When <see cref="VaultUri"/> is set, keys come from Azure Key Vault.</summary>
public sealed class KeyVaultOptions
{
    public const string SectionName = "KeyVault";

    /// <summary>For example <c>https://my-vault.vault.azure.net/</c>.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>Secret holding base64 of 32 random bytes; its versions are the data key versions.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[0-9a-zA-Z-]{1,127}$", ErrorMessage = "KeyVault:DataKeySecretName must be 1-127 letters, digits or dashes (a Key Vault secret name).")]
    public string DataKeySecretName { get; set; } = "confidantbot-data-key";

    /// <summary>Secret holding base64 of 32 random bytes, used for person look-up hashes.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[0-9a-zA-Z-]{1,127}$", ErrorMessage = "KeyVault:HmacKeySecretName must be 1-127 letters, digits or dashes (a Key Vault secret name).")]
    public string HmacKeySecretName { get; set; } = "confidantbot-hmac-key";

    /// <summary>How long a fetched key is used before Key Vault is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "KeyVault:CacheDuration must be between 00:00:10 and 1.00:00:00 (one day).")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromHours(1);
}
