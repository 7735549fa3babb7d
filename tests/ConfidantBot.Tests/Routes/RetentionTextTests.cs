using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Conversation;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Roster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Tests.Routes;

/// <summary>The welcome says how long booking data is kept: the configured number of days, not a fixed one.</summary>
public sealed class RetentionTextTests
{
    [Theory]
    [InlineData("nl-NL", 21, "21 dagen na de afspraak")]
    [InlineData("en-US", 3, "3 days after the appointment")]
    public async Task The_welcome_states_the_configured_retention(string locale, int days, string expected)
    {
        var welcome = await WelcomeAsync(locale, days, new VaultKeys());

        Assert.Contains(expected, welcome, StringComparison.Ordinal);
        Assert.Contains("Azure Key Vault", welcome, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl-NL", "met een sleutel in een bestand op deze computer")]
    [InlineData("en-US", "with a key in a file on this computer")]
    public async Task The_welcome_in_local_mode_names_the_key_file_and_does_not_claim_Key_Vault(string locale, string expected)
    {
        using var folder = new ConfidantBot.Tests.Privacy.TemporaryKeyFolder();

        var welcome = await WelcomeAsync(locale, 14, folder.NewProvider());

        Assert.Contains(expected, welcome, StringComparison.Ordinal);
        Assert.DoesNotContain("Key Vault", welcome, StringComparison.Ordinal);
    }

    private static async Task<string> WelcomeAsync(string locale, int days, IKeyProvider keys)
    {
        var state = new ConversationState(new MemoryStorage(), TimeProvider.System);
        var runner = new DialogRunner(new MainDialog([], new NobodyIsAdmin()), state);
        var handler = new ConfidantBotHandler(runner, state, Options.Create(new RetentionOptions { DaysAfterAppointment = days }), keys, NullLogger<ConfidantBotHandler>.Instance);
        var adapter = new TestAdapter();
        adapter.Conversation.Locale = locale;
        var installed = adapter.MakeActivity(type: ActivityTypes.ConversationUpdate);
        installed.MembersAdded = [new ChannelAccount { Id = "test-user" }];

        var replies = await adapter.ProcessActivityAsync(installed, handler.OnTurnAsync);
        return Assert.Single(replies).Describe();
    }

    /// <summary>Keys from a vault (never reached here: the welcome only asks where keys live).</summary>
    private sealed class VaultKeys : IKeyProvider
    {
        public ValueTask<VersionedKey> GetCurrentDataKeyAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<ReadOnlyMemory<byte>> GetDataKeyAsync(string version, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VersionedKey> GetHmacKeyAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class NobodyIsAdmin : IHrAdminAuthorizer
    {
        public Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
