using ConfidantBot.Tests.Infrastructure;
using System.Text;
using System.Text.Json;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Figures;
using ConfidantBot.Presentation;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfidantBot.Tests.Figures;

public sealed class FiguresDialogTests : IAsyncLifetime
{
    private const string AdminObjectId = "0b7c2d4e-1111-4222-8333-444455556666";
    private readonly FiguresWorld _world = new();
    private readonly FakeHrAdmins _admins = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Someone_who_is_not_an_HR_admin_is_politely_refused_and_sees_no_figures()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);
        _admins.ObjectIds.Add(AdminObjectId);
        var client = NewClient("9d9d9d9d-0000-4000-8000-000000000001");

        var replies = await client.SendActivityAsync("cijfers");

        var reply = Assert.Single(replies);
        Assert.Equal(Texts.Get(Locales.Dutch, "figures.refused"), reply.Text);
        Assert.Null(reply.Attachments);
        Assert.Equal(DialogTurnStatus.Complete, client.LastResult?.Status);
    }

    [Fact]
    public async Task Without_an_Entra_identity_the_report_is_refused()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);
        _admins.ObjectIds.Add(AdminObjectId);
        var client = NewClient(aadObjectId: null);

        var reply = Assert.Single(await client.SendActivityAsync("figures"));

        Assert.Equal(Texts.Get(Locales.Dutch, "figures.refused"), reply.Text);
    }

    [Fact]
    public async Task An_admin_chooses_a_year_and_the_whole_year_and_gets_the_report_card_and_the_csv()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);
        _world.At(2027, 1, 10);
        _admins.ObjectIds.Add(AdminObjectId);
        var client = NewClient(AdminObjectId);

        var yearCard = Card(Assert.Single(await client.SendActivityAsync("cijfers")));
        AdaptiveCardSchema.AssertValid(yearCard);
        Assert.Equal(["2026"], ChoiceValues(yearCard));

        var periodCard = Card(Assert.Single(await client.SendValueAsync(new { choice = "2026" })));
        Assert.Equal(["year", "h1", "h2", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"], ChoiceValues(periodCard));
        Assert.DoesNotContain(Texts.Get(Locales.Dutch, "figures.choose.yearNotEnded"), periodCard.GetRawText(), StringComparison.Ordinal);

        var replies = await client.SendValueAsync(new { choice = FiguresDialog.WholeYearChoice });

        Assert.Equal(2, replies.Count);
        var report = Card(replies[0]);
        AdaptiveCardSchema.AssertValid(report);
        var expected = await _world.Reports.BuildAsync(2026, null, default);
        Assert.Equal(FiguresTexts.PeriodTitle(expected, Locales.Dutch), report.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal(143, expected.Counters[0].Total.Count);
        Assert.Contains("\"143\"", report.GetRawText(), StringComparison.Ordinal);

        var csv = Assert.Single(replies[1].Attachments!);
        Assert.Equal(("text/csv", "cijfers-2026.csv"), (csv.ContentType, csv.Name));
        Assert.Equal(FiguresCsv.Build(expected, Locales.Dutch), DataUriText(csv.ContentUrl!));
        Assert.Equal(DialogTurnStatus.Complete, client.LastResult?.Status);
        Assert.Equal(3, _admins.Calls);
    }

    [Fact]
    public async Task In_the_running_year_an_admin_gets_ended_months_only_in_English()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);
        _admins.ObjectIds.Add(AdminObjectId);
        var client = NewClient(AdminObjectId);
        client.Locale = "en-GB";

        await client.SendActivityAsync("figures");
        var periodCard = Card(Assert.Single(await client.SendValueAsync(new { choice = "2026" })));
        Assert.Equal(["1", "2", "3"], ChoiceValues(periodCard));
        Assert.Contains(Texts.Get(Locales.English, "figures.choose.yearNotEnded"), periodCard.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("January 2026", periodCard.GetProperty("body")[2].GetProperty("choices")[0].GetProperty("title").GetString());

        var replies = await client.SendValueAsync(new { choice = "1" });

        var report = Card(replies[0]);
        AdaptiveCardSchema.AssertValid(report);
        Assert.Equal("Anonymous figures January 2026", report.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal("figures-2026-01.csv", replies[1].Attachments![0].Name);
        Assert.StartsWith("Period,Item,Breakdown,Value,Count", DataUriText(replies[1].Attachments![0].ContentUrl!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_July_an_admin_can_choose_the_first_half_year_and_gets_the_category_counts_and_the_median()
    {
        var (client, periodCard) = await AdminInJulyAsync();
        Assert.Equal(["h1", "1", "2", "3", "4", "5", "6"], ChoiceValues(periodCard));
        Assert.Equal(Texts.Get(Locales.Dutch, "figures.choose.half1"), periodCard.GetProperty("body")[2].GetProperty("choices")[0].GetProperty("title").GetString());

        var replies = await client.SendValueAsync(new { choice = FiguresDialog.FirstHalfChoice });

        var report = Card(replies[0]);
        AdaptiveCardSchema.AssertValid(report);
        Assert.Equal("Anonieme cijfers eerste halfjaar 2026", report.GetProperty("body")[0].GetProperty("text").GetString());
        var text = report.GetRawText();
        Assert.Contains(Texts.Get(Locales.Dutch, "figures.counter.guideTopic"), text, StringComparison.Ordinal);
        Assert.Contains(Texts.Get(Locales.Dutch, "figures.value.OfficeHolders"), text, StringComparison.Ordinal);
        Assert.Contains(Texts.Format(Locales.Dutch, "figures.report.median", "2 dagen"), text, StringComparison.Ordinal);
        Assert.Equal("cijfers-2026-h1.csv", replies[1].Attachments![0].Name);
        var csv = DataUriText(replies[1].Attachments![0].ContentUrl!);
        Assert.Contains("2026-H1,Eerste antwoord op een aanvraag,mediaan,2 dagen,", csv, StringComparison.Ordinal);
        Assert.Contains("2026-H1,Waar het over ging (afgeronde wegwijzer),onderwerp,Ongewenst gedrag,16", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_month_report_leaves_the_category_counts_out_and_says_where_they_are()
    {
        var (client, _) = await AdminInJulyAsync();

        var replies = await client.SendValueAsync(new { choice = "5" });

        var text = Card(replies[0]).GetRawText();
        Assert.Contains(Texts.Get(Locales.Dutch, "figures.report.categoriesNote"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts.Get(Locales.Dutch, "figures.counter.guideTopic"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts.Get(Locales.Dutch, "figures.counter.bookingAnswered"), text, StringComparison.Ordinal);
        Assert.DoesNotContain("topic", DataUriText(replies[1].Attachments![0].ContentUrl!), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Ongewenst gedrag", DataUriText(replies[1].Attachments![0].ContentUrl!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_rights_withdrawn_during_the_conversation_stop_the_report()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);
        _admins.ObjectIds.Add(AdminObjectId);
        var client = NewClient(AdminObjectId);
        await client.SendActivityAsync("cijfers");
        await client.SendValueAsync(new { choice = "2026" });

        _admins.ObjectIds.Clear();
        var reply = Assert.Single(await client.SendValueAsync(new { choice = "2" }));

        Assert.Equal(Texts.Get(Locales.Dutch, "figures.refused"), reply.Text);
        Assert.Null(reply.Attachments);
    }

    [Fact]
    public async Task A_year_that_is_not_offered_is_asked_again_and_no_figures_yet_is_said_plainly()
    {
        _admins.ObjectIds.Add(AdminObjectId);
        var empty = NewClient(AdminObjectId);
        Assert.Equal(Texts.Get(Locales.Dutch, "figures.none"), Assert.Single(await empty.SendActivityAsync("cijfers")).Text);

        await UsageCountersTests.ScriptedUseAsync(_world);
        var client = NewClient(AdminObjectId, conversationId: "second");
        await client.SendActivityAsync("cijfers");
        var again = Card(Assert.Single(await client.SendValueAsync(new { choice = "2019" })));
        Assert.Equal(["2026"], ChoiceValues(again));
        Assert.Equal(DialogTurnStatus.Waiting, client.LastResult?.Status);
    }

    /// <summary>July 2026, with the scripted use and May's category counts: an admin has asked for figures and chosen 2026; returns the period card.</summary>
    private async Task<(DialogTestClient Client, JsonElement PeriodCard)> AdminInJulyAsync()
    {
        await UsageCountersTests.ScriptedUseAsync(_world);
        await YearlyReportTests.CategoryUseAsync(_world);
        _world.At(2026, 7, 2);
        _admins.ObjectIds.Add(AdminObjectId);
        var client = NewClient(AdminObjectId);
        await client.SendActivityAsync("cijfers");
        return (client, Card(Assert.Single(await client.SendValueAsync(new { choice = "2026" }))));
    }

    private DialogTestClient NewClient(string? aadObjectId, string conversationId = "figures-chat") => new(
        new FiguresDialog(_admins, _world.Reports, NullLogger<FiguresDialog>.Instance),
        new DialogTestClientOptions
        {
            Storage = _world.Storage,
            TimeProvider = _world.Clock,
            Conversation = new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = "http://127.0.0.1/",
                Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = "tenant-under-test" },
                User = new ChannelAccount { Id = "29:hr-user", AadObjectId = aadObjectId, Role = "user" },
                Bot = new ChannelAccount { Id = "28:bot", Role = "bot" },
                Locale = "nl-NL",
            },
        });

    private static JsonElement Card(Activity activity)
    {
        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal(Attachment.AdaptiveCardContentType, attachment.ContentType);
        return attachment.Content!.Value;
    }

    private static List<string?> ChoiceValues(JsonElement card) =>
        [.. card.GetProperty("body").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "Input.ChoiceSet")
            .GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString())];

    private static string DataUriText(string dataUri)
    {
        var bytes = Convert.FromBase64String(dataUri[(dataUri.IndexOf(',', StringComparison.Ordinal) + 1)..]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }
}
