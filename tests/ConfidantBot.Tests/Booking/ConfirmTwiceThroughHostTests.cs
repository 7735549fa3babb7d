using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.Booking;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// Issue 18 item 3 through the real host (POST /api/messages, the real bot, SQLite, the local
/// calendar): "Ja" pressed twice on a booking summary sends one request; the second press is
/// told "already sent" with its reference, and nothing frightening ("someone else booked").
/// </summary>
public sealed class ConfirmTwiceThroughHostTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private BotHostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = new BotHostFactory().Start();
        await _host.Services.GetRequiredService<RosterStore>().AddAsync(Roster.RosterTestKit.AllDayConfidant("host-anne", "Anne de Vries"), "hr-test", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private async Task<IReadOnlyList<SentActivity>> TurnAsync(string conversationId, string? text = null, JsonObject? value = null)
    {
        using var response = await _host.PostActivityAsync(TeamsActivities.Message(_connector.ServiceUrl, conversationId, text, value));
        Assert.True(response.IsSuccessStatusCode, $"The host answered {(int)response.StatusCode}.");
        return _connector.Drain(conversationId);
    }

    /// <summary>Walks the booking to its summary and returns the data of the summary's "Ja" button.</summary>
    private async Task<JsonObject> WalkToSummaryAsync(string conversationId)
    {
        await TurnAsync(conversationId, "afspraak");
        await TurnAsync(conversationId, value: new JsonObject { ["choice"] = "host-anne" });
        await TurnAsync(conversationId, value: new JsonObject { ["choice"] = "0" });
        await TurnAsync(conversationId, value: new JsonObject { ["choice"] = "Online" });
        var summary = await TurnAsync(conversationId, "Zilvermeeuw");
        Assert.Contains(summary, sent => sent.VisibleText.Contains("Dit is precies wat de vertrouwenspersoon te zien krijgt", StringComparison.Ordinal));
        var question = summary.Last();
        Assert.StartsWith("Zal ik dit verzoek versturen?", question.VisibleText, StringComparison.Ordinal);
        var yes = question.Card!.Value.GetProperty("actions").EnumerateArray().First(action => action.GetProperty("title").GetString() == "Ja");
        return JsonNode.Parse(yes.GetProperty("data").GetRawText())!.AsObject();
    }

    private async Task<int> BookingsAsync()
    {
        var count = 0;
        await foreach (var _ in _host.Services.GetRequiredService<IStorage>().QueryAsync(BookingRecord.Partition, CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Two_identical_confirm_submits_at_the_same_moment_make_one_booking_and_one_already_sent_reply()
    {
        var conversationId = ProtocolBody.NewConversationId();
        var yes = await WalkToSummaryAsync(conversationId);

        var presses = await Task.WhenAll(
            _host.PostActivityAsync(TeamsActivities.Message(_connector.ServiceUrl, conversationId, value: yes.DeepClone().AsObject())),
            _host.PostActivityAsync(TeamsActivities.Message(_connector.ServiceUrl, conversationId, value: yes.DeepClone().AsObject())));
        Assert.All(presses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        await Task.Delay(300);
        var replies = _connector.Drain(conversationId).Select(sent => sent.VisibleText).ToList();

        Assert.Equal(1, await BookingsAsync());
        Assert.Equal(2, replies.Count);
        var sent = Assert.Single(replies, text => text.StartsWith("Je verzoek is verstuurd", StringComparison.Ordinal));
        var booked = await FirstReferenceAsync();
        Assert.Contains(booked, sent, StringComparison.Ordinal);
        Assert.Single(replies, text => text == $"Je verzoek is al verstuurd (referentie {booked}).");
        Assert.DoesNotContain(replies, text => text.Contains("Iemand anders", StringComparison.Ordinal) || text.Contains("nog verwerkt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_confirm_submit_arriving_after_the_request_was_sent_says_already_sent_and_nothing_else()
    {
        var conversationId = ProtocolBody.NewConversationId();
        var yes = await WalkToSummaryAsync(conversationId);

        var first = await TurnAsync(conversationId, value: yes.DeepClone().AsObject());
        var second = await TurnAsync(conversationId, value: yes.DeepClone().AsObject());

        Assert.StartsWith("Je verzoek is verstuurd", Assert.Single(first).VisibleText, StringComparison.Ordinal);
        Assert.Equal($"Je verzoek is al verstuurd (referentie {await FirstReferenceAsync()}).", Assert.Single(second).VisibleText);
        Assert.Equal(1, await BookingsAsync());
    }

    private async Task<string> FirstReferenceAsync()
    {
        await foreach (var item in _host.Services.GetRequiredService<IStorage>().QueryAsync(BookingRecord.Partition, CancellationToken.None))
        {
            return JsonDocument.Parse(item.Data).RootElement.GetProperty("referenceCode").GetString()!;
        }

        throw new InvalidOperationException("No booking was stored.");
    }
}
