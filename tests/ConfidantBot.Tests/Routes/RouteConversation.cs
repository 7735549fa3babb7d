using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Conversation;
using ConfidantBot.Roster;
using ConfidantBot.Routes;
using ConfidantBot.Routes.Cards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ConfidantBot.Tests.Routes;

/// <summary>
/// A conversation with the app's real root (<see cref="MainDialog"/> with its global commands) and the
/// dialogs <c>AddRoutes</c> registers, on a real SQLite store in a temp folder, with every log captured.
/// Only the HR admin check is a stand-in (nobody is an admin).
/// </summary>
internal sealed class RouteConversation : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private RouteConversation(IHost host, TempSqliteStore store, DialogTestClient client)
    {
        _host = host;
        Store = store;
        Client = client;
    }

    public TempSqliteStore Store { get; }

    public DialogTestClient Client { get; }

    public FakeLogCollector Logs => _host.Services.GetFakeLogCollector();

    public static async Task<RouteConversation> StartAsync(string locale = "nl-NL")
    {
        var store = new TempSqliteStore();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddFakeLogging();
        builder.Services.AddSingleton<IStorage>(store.Storage);
        builder.Services.AddSingleton<IHrAdminAuthorizer, NobodyIsAdmin>();
        builder.Services.AddSingleton<MainDialog>();
        builder.AddRoutes();
        var host = builder.Build();
        await host.StartAsync();

        var client = new DialogTestClient(host.Services.GetRequiredService<MainDialog>(), new DialogTestClientOptions
        {
            Storage = store.Storage,
            Interruptions = ConversationIntents.CreateInterruptions(host.Services.GetRequiredService<RouteCards>()),
        })
        {
            Locale = locale,
        };
        return new RouteConversation(host, store, client);
    }

    public Task<IReadOnlyList<Activity>> TypeAsync(string text) => Client.SendActivityAsync(text);

    public Task<IReadOnlyList<Activity>> ClickAsync(object data) => Client.SendValueAsync(data);

    /// <summary>Stops the app and closes the store, then returns every database file's bytes.</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Bytes)>> StopAndReadStoreAsync()
    {
        await StopAsync();
        return await Store.CloseAndReadFilesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
        await Store.DisposeAsync();
    }

    private async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    /// <summary>The cards of a turn's replies, parsed.</summary>
    public static List<JsonNode> Cards(IEnumerable<Activity> replies) =>
        [.. replies.SelectMany(reply => reply.Attachments ?? []).Select(CardChecks.Parse)];

    private sealed class NobodyIsAdmin : IHrAdminAuthorizer
    {
        public Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
