using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

public class DependencyInjectionTests
{
    [Fact]
    public async Task The_runner_resolves_from_di_with_the_configured_idle_expiry_and_interruptions()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var storage = new MemoryStorage(time);
        var services = new ServiceCollection()
            .AddSingleton<IStorage>(storage)
            .AddSingleton<TimeProvider>(time)
            .AddDialogRunner<RequestDialog>((_, options) => options.Interruptions = SampleInterruptions.Create())
            .AddConversationState(options => options.IdleExpiry = TimeSpan.FromMinutes(10));
        await using var provider = services.BuildServiceProvider();

        var runner = provider.GetRequiredService<DialogRunner>();
        var adapter = new TestAdapter();
        var replies = await adapter.ProcessActivityAsync(adapter.MakeActivity("help"), (turn, ct) => runner.RunAsync(turn, ct));
        Assert.Equal(SampleInterruptions.HelpText, replies.Describe());
        await adapter.ProcessActivityAsync(adapter.MakeActivity("hoi"), (turn, ct) => runner.RunAsync(turn, ct));

        var saved = await storage.ReadAsync(StoredState.Key);
        Assert.Equal(time.GetUtcNow().AddMinutes(10), saved!.ExpiresAt);
        Assert.Same(provider.GetRequiredService<ConversationState>(), provider.GetRequiredService<ConversationState>());
    }
}
