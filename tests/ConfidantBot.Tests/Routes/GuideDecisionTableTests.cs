using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.Presentation;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.Routes;

/// <summary>
/// The guide's decision table (<c>docs/guide-decision-table.json</c>): every situation, in Dutch and
/// in English, walked through the real host in local mode by pressing the card buttons a person
/// would press, and the advice card checked: the route on top, the routes never on top, the routes
/// never shown at all (those that lead to the person involved), the routes and notes that must be
/// there, and the conflict-of-interest sentence.
/// </summary>
public sealed class GuideDecisionTableTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private static readonly Lazy<DecisionTable> Table = new(() =>
        JsonSerializer.Deserialize<DecisionTable>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Routes", "guide-decision-table.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow })!);

    public sealed record DecisionTable(LocalizedText About, IReadOnlyList<Row> Rows);

    public sealed record Row(
        LocalizedText Situation,
        Dictionary<string, JsonElement> Answers,
        IReadOnlyList<string> First,
        IReadOnlyList<string>? NeverFirst = null,
        IReadOnlyList<string>? NeverShown = null,
        IReadOnlyList<string>? Shows = null,
        IReadOnlyList<string>? Notes = null,
        IReadOnlyList<string>? NoNotes = null,
        bool? ConflictSentence = null);

    public static TheoryData<int, string> Rows()
    {
        var data = new TheoryData<int, string>();
        for (var index = 0; index < Table.Value.Rows.Count; index++)
        {
            data.Add(index, "nl-NL");
            data.Add(index, "en-US");
        }

        return data;
    }

    [Fact]
    public void The_table_has_at_least_sixty_situations_in_Dutch_and_English_and_names_only_known_routes()
    {
        var rows = Table.Value.Rows;
        var known = RouteSeed.Document.Routes.Select(route => route.Id).ToHashSet();

        Assert.True(rows.Count >= 60, $"{rows.Count} situations");
        Assert.All(rows, row =>
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Situation.Nl));
            Assert.False(string.IsNullOrWhiteSpace(row.Situation.En));
            Assert.NotEmpty(row.First);
            Assert.All(row.First.Concat(row.NeverFirst ?? []).Concat(row.NeverShown ?? []).Concat(row.Shows ?? []), id => Assert.Contains(id, known));
            Assert.Empty(row.First.Intersect(row.NeverFirst ?? []));
            Assert.Empty(row.First.Concat(row.Shows ?? []).Intersect(row.NeverShown ?? []));
            Assert.Empty((row.Notes ?? []).Intersect(row.NoNotes ?? []));
        });
        Assert.Equal(rows.Count, rows.Select(row => row.Situation.En).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_situation_walked_through_the_host_gets_the_advice_the_table_asks_for(int index, string locale)
    {
        var row = Table.Value.Rows[index];
        var culture = Locales.FromActivityLocale(locale);
        var conversationId = ProtocolBody.NewConversationId();

        var card = await fixture.SubmitAsync(conversationId, locale, new JsonObject { ["command"] = "guide" });
        var asked = new List<string>();
        while (HostCardChat.QuestionOf(card) is { } question)
        {
            Assert.True(asked.Count < 6, $"more than six questions: {string.Join(", ", asked)}");
            asked.Add(question);
            card = await fixture.SubmitAsync(conversationId, locale, AnswerFor(row, question, card));
        }

        var situation = $"row {index} ({row.Situation.En}), asked {string.Join(", ", asked)}";
        var texts = CardChecks.Texts(card);
        Assert.True(texts.Contains(Texts.Get(culture, "routes.result.title")), $"{situation}: no advice card");
        var shown = CardChecks.Submits(card).Where(data => (string?)data["action"] == "route").Select(data => (string)data["route"]!).Distinct().ToList();
        var order = $"{situation}: advice {string.Join(", ", shown)}";

        Assert.True(shown.Count >= 2, order);
        Assert.True(row.First.Contains(shown[0]), $"{order}; expected first one of {string.Join(", ", row.First)}");
        Assert.True(!(row.NeverFirst ?? []).Contains(shown[0]), order);
        Assert.All(row.NeverShown ?? [], id => Assert.True(!shown.Contains(id), $"{order}; {id} leads to the person involved and is shown"));
        Assert.All(row.Shows ?? [], id => Assert.True(shown.Contains(id), $"{order}; {id} missing"));
        Assert.All(row.Notes ?? [], key => Assert.True(texts.Contains(Texts.Get(culture, key)), $"{situation}: note {key} missing"));
        Assert.All(row.NoNotes ?? [], key => Assert.True(!texts.Contains(Texts.Get(culture, key)), $"{situation}: note {key} is not true here and is shown"));
        if (row.ConflictSentence is { } expected)
        {
            var opening = Texts.Get(culture, "routes.conflict.sentence")[..Texts.Get(culture, "routes.conflict.sentence").IndexOf('{', StringComparison.Ordinal)];
            Assert.True(expected == texts.Any(text => text.StartsWith(opening, StringComparison.Ordinal)), $"{situation}: conflict sentence expected {expected}");
        }
    }

    /// <summary>The card data a person sends for <paramref name="question"/>: the button of the table's answer, or the ticks and toggle of the multi-select card.</summary>
    private static JsonObject AnswerFor(Row row, string question, JsonNode card)
    {
        if (question == "wish")
        {
            var next = CardChecks.Submits(card).Single(data => (string?)data["guide"] == "answer");
            var ticks = row.Answers["wish"].EnumerateArray().Select(wish => wish.GetString()!).ToList();
            var offered = CardChecks.Descendants(card).OfType<JsonObject>()
                .Single(element => (string?)element["type"] == "Input.ChoiceSet")["choices"]!.AsArray()
                .Select(choice => (string)choice!["value"]!).ToList();
            Assert.All(ticks, tick => Assert.Contains(tick, offered));
            var submit = (JsonObject)next.DeepClone();
            submit["a"] = string.Join(',', ticks);
            submit["easyToRecognise"] = row.Answers.TryGetValue("easyToRecognise", out var easy) && easy.GetBoolean() ? "true" : "false";
            return submit;
        }

        var answer = row.Answers[question].GetString();
        var button = CardChecks.Submits(card).SingleOrDefault(data => (string?)data["guide"] == "answer" && (string?)data["q"] == question && (string?)data["a"] == answer);
        Assert.True(button is not null, $"the {question} card has no button for {answer}");
        return (JsonObject)button!.DeepClone();
    }
}
