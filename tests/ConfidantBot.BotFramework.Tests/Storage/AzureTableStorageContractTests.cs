using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.BotFramework.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableStorageContractTests(AzuriteFixture azurite) : StorageContractTests
{
    private readonly string tableName = AzuriteFixture.NewTableName("Contract");

    protected override IStorage CreateStorage(TimeProvider timeProvider) =>
        new AzureTableStorage(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = tableName }, timeProvider);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await new TableClient(azurite.ConnectionString, tableName).DeleteAsync();
    }

    [Fact]
    public async Task An_item_larger_than_an_entity_can_hold_is_refused_with_the_limit_and_nothing_is_written()
    {
        var key = new StorageKey("blob", "too-big");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteAsync(key, new byte[AzureTableStorage.MaxItemBytes + 1], null));

        Assert.Contains(AzureTableStorage.MaxItemBytes.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), refused.Message, StringComparison.Ordinal);
        Assert.Null(await Storage.ReadAsync(key));
    }

    [Fact]
    public async Task An_item_of_exactly_the_limit_round_trips()
    {
        var data = new byte[AzureTableStorage.MaxItemBytes];
        new Random(7).NextBytes(data);
        var key = new StorageKey("blob", "at-limit");

        await Storage.WriteAsync(key, data, null);

        Assert.Equal(data, (await Storage.ReadAsync(key))!.Data.ToArray());
    }

    [Fact]
    public async Task Keys_are_stored_without_the_characters_Azure_forbids()
    {
        var key = new StorageKey("a/b\\c#d?e", "x\u0001y\u007fz");
        await Storage.WriteAsync(key, Bytes("value"), null);

        await foreach (var entity in new TableClient(azurite.ConnectionString, tableName).QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(entity.PartitionKey + entity.RowKey, character => "/\\#?".Contains(character, StringComparison.Ordinal) || char.IsControl(character));
        }
    }

    [Fact]
    public async Task An_unreachable_table_service_is_reported_unhealthy()
    {
        // A bound socket that never listens refuses every connection and keeps the port from any parallel test; a port
        // that was only probed and released could be taken meanwhile by another test's server, which would answer.
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var storage = new AzureTableStorage(
            new AzureTableStorageOptions
            {
                ConnectionString = AzuriteFixture.ConnectionStringFor(new Uri($"http://127.0.0.1:{((IPEndPoint)refusing.LocalEndPoint!).Port}/devstoreaccount1")),
                TableName = tableName,
                ClientOptions = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } },
            },
            Clock);

        Assert.False(await storage.IsHealthyAsync());
    }
}
