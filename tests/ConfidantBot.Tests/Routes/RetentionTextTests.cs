using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Conversation;
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
        var state = new ConversationState(new MemoryStorage(), TimeProvider.System);
        var runner = new DialogRunner(new MainDialog([], new NobodyIsAdmin()), state);
        var handler = new ConfidantBotHandler(runner, state, Options.Create(new RetentionOptions { DaysAfterAppointment = days }), NullLogger<ConfidantBotHandler>.Instance);
        var adapter = new TestAdapter();
        adapter.Conversation.Locale = locale;
        var installed = adapter.MakeActivity(type: ActivityTypes.ConversationUpdate);
        installed.MembersAdded = [new ChannelAccount { Id = "test-user" }];

        var replies = await adapter.ProcessActivityAsync(installed, handler.OnTurnAsync);

        Assert.Contains(expected, Assert.Single(replies).Describe(), StringComparison.Ordinal);
    }

    private sealed class NobodyIsAdmin : IHrAdminAuthorizer
    {
        public Task<bool> IsAdminAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
