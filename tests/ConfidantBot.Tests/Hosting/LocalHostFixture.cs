using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.Hosting;

/// <summary>One local-mode host (no app id) and a fake connector on 127.0.0.1, shared by a test class; tests keep apart by conversation id.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public BotHostFactory Host { get; private set; } = null!;

    public FakeConnector Connector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Host = new BotHostFactory().Start();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
