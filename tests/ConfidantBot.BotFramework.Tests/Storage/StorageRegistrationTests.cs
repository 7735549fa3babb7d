using ConfidantBot.BotFramework.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Tests.Storage;

public class StorageRegistrationTests
{
    [Fact]
    public async Task AddSqliteStorage_registers_one_shared_SQLite_storage_that_works()
    {
        var folder = Path.Combine(Path.GetTempPath(), "confidantbot-storage-di-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var provider = new ServiceCollection().AddSqliteStorage(options => options.DataDirectory = folder).BuildServiceProvider())
            {
                var storage = provider.GetRequiredService<IStorage>();

                Assert.IsType<SqliteStorage>(storage);
                Assert.Same(storage, provider.GetRequiredService<IStorage>());
                Assert.True(await storage.IsHealthyAsync());
            }

            Assert.True(File.Exists(Path.Combine(folder, SqliteStorageOptions.DefaultFileName)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AddAzureTableStorage_registers_Azure_Table_storage()
    {
        using var provider = new ServiceCollection()
            .AddAzureTableStorage(options => options.ServiceUri = new Uri("https://account.table.core.windows.net/"))
            .BuildServiceProvider();

        Assert.IsType<AzureTableStorage>(provider.GetRequiredService<IStorage>());
    }

    [Fact]
    public void SQLite_storage_without_a_location_fails_naming_the_settings_to_fix()
    {
        using var provider = new ServiceCollection().AddSqliteStorage(_ => { }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStorage>());

        Assert.Contains(nameof(SqliteStorageOptions.DataDirectory), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SqliteStorageOptions.DatabasePath), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "ConnectionString")]
    [InlineData("UseDevelopmentStorage=true", "https://account.table.core.windows.net/", "ServiceUri")]
    [InlineData(null, "http://account.table.core.windows.net/", "https")]
    public void Azure_Table_options_that_cannot_work_fail_naming_the_setting(string? connectionString, string? serviceUri, string expectedInMessage)
    {
        var options = new AzureTableStorageOptions { ConnectionString = connectionString, ServiceUri = serviceUri is null ? null : new Uri(serviceUri) };

        var error = Assert.Throws<OptionsValidationException>(() => new AzureTableStorage(options, TimeProvider.System));

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1table")]
    [InlineData("with-dash")]
    public void An_invalid_table_name_is_refused_before_any_request(string tableName)
    {
        var options = new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = tableName };

        var error = Assert.Throws<OptionsValidationException>(() => new AzureTableStorage(options, TimeProvider.System));

        Assert.Contains(nameof(AzureTableStorageOptions.TableName), error.Message, StringComparison.Ordinal);
    }
}
