using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Privacy;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Privacy.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Tests.Privacy;

public sealed class PrivacyExtensionsTests : IDisposable
{
    private readonly TemporaryKeyFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Without_a_vault_the_local_key_file_in_the_data_folder_is_used()
    {
        using var host = Build(("Bot:DataDirectory", folder.DataDirectory));

        var keys = host.Services.GetRequiredService<IKeyProvider>();
        await keys.GetCurrentDataKeyAsync();

        Assert.IsType<LocalKeyFileProvider>(keys);
        Assert.True(File.Exists(folder.KeyFilePath));
        Assert.NotNull(host.Services.GetRequiredService<SealedRoutingStore>());
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is RetentionService);
    }

    [Fact]
    public void With_a_vault_uri_Key_Vault_is_used()
    {
        using var host = Build(("KeyVault:VaultUri", "https://test-vault.vault.azure.net/"), ("KeyVault:CacheDuration", "00:30:00"));

        Assert.IsType<KeyVaultKeyProvider>(host.Services.GetRequiredService<IKeyProvider>());
        Assert.Equal(TimeSpan.FromMinutes(30), host.Services.GetRequiredService<IOptions<KeyVaultOptions>>().Value.CacheDuration);
    }

    [Theory]
    [InlineData("KeyVault:VaultUri", "http://test-vault.vault.azure.net/", "KeyVault:VaultUri")]
    [InlineData("KeyVault:CacheDuration", "00:00:01", "KeyVault:CacheDuration")]
    [InlineData("KeyVault:HmacKeySecretName", "confidantbot-data-key", "KeyVault:HmacKeySecretName")]
    [InlineData("Retention:SweepInterval", "00:00:05", "Retention:SweepInterval")]
    [InlineData("Retention:DaysAfterAppointment", "-3", "Retention:DaysAfterAppointment")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value, string expectedName)
    {
        var settings = new List<(string, string)> { (setting, value) };
        if (!setting.StartsWith("KeyVault:VaultUri", StringComparison.Ordinal) && setting.StartsWith("KeyVault", StringComparison.Ordinal))
        {
            settings.Add(("KeyVault:VaultUri", "https://test-vault.vault.azure.net/"));
        }

        settings.Add(("DataDirectory", folder.DataDirectory));
        using var host = Build([.. settings]);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expectedName, ex.Message, StringComparison.Ordinal);
    }

    private static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddSingleton<IStorage>(new InMemoryTestStorage(TimeProvider.System));
        builder.AddPrivacy();
        return builder.Build();
    }
}
