using System.Net;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConfidantBot.Tests.Hosting;

public sealed class HostRestartTests
{
    [Fact]
    public async Task A_waiting_dialog_continues_after_the_host_restarts_on_the_same_data_folder()
    {
        await using var connector = await FakeConnector.StartAsync();
        var dataDirectory = BotHostFactory.NewDataDirectory();
        var conversationId = ProtocolBody.NewConversationId();
        try
        {
            await using (var first = StartWithTwoQuestions(dataDirectory))
            {
                await first.PostActivityAsync(ProtocolBody.TypedMessage(connector.ServiceUrl, conversationId, "welke route"));
                Assert.Contains(TwoQuestionDialog.FirstQuestion, (await connector.NextAsync(conversationId)).VisibleText, StringComparison.Ordinal);
                await first.PostActivityAsync(ProtocolBody.TypedMessage(connector.ServiceUrl, conversationId, "Raadslid"));
                Assert.Contains(TwoQuestionDialog.SecondQuestion, (await connector.NextAsync(conversationId)).VisibleText, StringComparison.Ordinal);
            }

            await using var second = StartWithTwoQuestions(dataDirectory);
            var response = await second.PostActivityAsync(ProtocolBody.TypedMessage(connector.ServiceUrl, conversationId, "Fraude"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"{TwoQuestionDialog.SummaryPrefix} council / fraud", (await connector.NextAsync(conversationId)).Activity.Text);

            // Control: the same answer in a conversation the store does not know is no answer at all.
            var freshConversation = ProtocolBody.NewConversationId();
            await second.PostActivityAsync(ProtocolBody.TypedMessage(connector.ServiceUrl, freshConversation, "Fraude"));
            Assert.DoesNotContain(TwoQuestionDialog.SummaryPrefix, (await connector.NextAsync(freshConversation)).VisibleText, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static BotHostFactory StartWithTwoQuestions(string dataDirectory) => new BotHostFactory(new BotHostSettings
    {
        DataDirectory = dataDirectory,
        ConfigureServices = services =>
        {
            // The app's feature dialogs make way for one test feature under the guide's id; the root,
            // global commands, state and store stay the app's own.
            services.RemoveAll<Dialog>();
            services.AddSingleton<Dialog, TwoQuestionDialog>();
        },
    }).Start();
}

public sealed class HostConcurrencyTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private const string Busy = "Je vorige bericht wordt nog verwerkt";
    private const string Menu = "Wat wil je doen?";

    [Fact]
    public async Task Ten_concurrent_messages_of_one_conversation_each_get_an_answer_and_leave_working_state()
    {
        var serviceUrl = fixture.Connector.ServiceUrl;
        var conversationId = ProtocolBody.NewConversationId();
        await fixture.Host.PostActivityAsync(ProtocolBody.TypedMessage(serviceUrl, conversationId, "hallo"));
        await fixture.Connector.NextAsync(conversationId);

        var messages = Enumerable.Range(0, 10).Select(_ => ProtocolBody.TypedMessage(serviceUrl, conversationId, "menu")).ToList();
        var responses = await Task.WhenAll(messages.Select(message => fixture.Host.PostActivityAsync(message)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var replies = fixture.Connector.Drain(conversationId);
        foreach (var message in messages)
        {
            var answers = replies.Where(reply => reply.Activity.ReplyToId == message["id"]!.GetValue<string>()).ToList();
            Assert.NotEmpty(answers);
            Assert.All(answers, answer => Assert.True(
                answer.VisibleText.Contains(Menu, StringComparison.Ordinal) || answer.VisibleText.Contains(Busy, StringComparison.Ordinal),
                "Unexpected answer: " + answer.VisibleText));
        }

        await fixture.Host.PostActivityAsync(ProtocolBody.TypedMessage(serviceUrl, conversationId, "hallo"));
        Assert.Contains(Menu, (await fixture.Connector.NextAsync(conversationId)).VisibleText, StringComparison.Ordinal);
    }
}
