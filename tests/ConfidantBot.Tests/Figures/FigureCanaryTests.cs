using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ConfidantBot.Booking;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Tests.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using ConfidantBot.Tests.ScaleOut;
using NodaTime;

namespace ConfidantBot.Tests.Figures;

/// <summary>
/// No typed text, id or name reaches a counter: the canary person types a canary story at every
/// free-text place of the guide and the booking, books with a canary pseudonym and phone number, and
/// the confidant answers (another time, then yes), all through the real host. Then every counter
/// row — its key and its value, on SQLite and on an Azure table (Azurite) — is checked: no canary,
/// no id of any kind (a GUID, a reference code, the booking's or conversation's id, a long number),
/// only the counter grammar of <see cref="CounterKey"/> and a plain count.
/// </summary>
public sealed partial class FigureCanaryTests
{
    [Fact]
    public async Task No_canary_and_no_id_reaches_a_counter_row_on_SQLite()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var host = ConversationCanaryTests.NewHost([]);

        var reference = await ConversationCanaryTests.RunScriptAsync(host, connector);
        var forbidden = await ForbiddenAsync(host, reference);
        await ConfidantAnswersAsync(host, reference);

        AssertCounterRows(await CounterRowsAsync(host.Storage), forbidden);
    }

    /// <summary>Every counter row as the store gives it back: its id and its value as text.</summary>
    internal static async Task<List<(string Key, string Value)>> CounterRowsAsync(IStorage storage)
    {
        var rows = new List<(string Key, string Value)>();
        await foreach (var item in storage.QueryAsync(CounterKey.Partition))
        {
            rows.Add((item.Key.Id, System.Text.Encoding.UTF8.GetString(item.Data.Span)));
        }

        return rows;
    }

    /// <summary>Every canary of the conversation script, and the ids the host gave this person's booking and conversation.</summary>
    internal static async Task<List<string>> ForbiddenAsync(BotHostFactory host, string reference)
    {
        var forbidden = new List<string>(ConversationCanaryTests.Forbidden) { reference, reference.Replace("-", "", StringComparison.Ordinal) };
        await foreach (var item in host.Storage.QueryAsync(BookingRecord.Partition))
        {
            forbidden.Add(item.Key.Id);
        }

        var calendarEvent = await FigureCountsThroughHostTests.EventOfAsync(host, reference);
        forbidden.Add(calendarEvent.EventId);
        forbidden.Add(calendarEvent.ConfidantEmail);
        return forbidden;
    }

    /// <summary>The confidant proposes another time a day later, then accepts; the host's relay passes the answers on (and counts them).</summary>
    internal static async Task ConfidantAnswersAsync(BotHostFactory host, string reference)
    {
        var calendarEvent = await FigureCountsThroughHostTests.EventOfAsync(host, reference);
        var proposed = calendarEvent.Start.Plus(Duration.FromHours(1)).InZone(DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).LocalDateTime;
        await FigureCountsThroughHostTests.AnswerOnConfidantPageAsync(host, reference, new { answer = "newTimeProposed", proposedStart = proposed.ToString("uuuu'-'MM'-'dd'T'HH':'mm", null) });
        await FigureCountsThroughHostTests.RelayAsync(host);
        await FigureCountsThroughHostTests.AnswerOnConfidantPageAsync(host, reference, new { answer = "accepted" });
        await FigureCountsThroughHostTests.RelayAsync(host);
    }

    internal static void AssertCounterRows(IReadOnlyList<(string Key, string Value)> rows, IReadOnlyList<string> forbidden)
    {
        // The script did reach every kind of counter the test is about: it proves something.
        foreach (var counter in new[] { "guideStarted", "guideTopic", "guideInvolved", "firstRouteShown", "routeShown", "bookingRequested", "bookingNewTime", "bookingAccepted", "bookingAnswered" })
        {
            Assert.Contains(rows, row => row.Key.Split(';')[1] == counter);
        }

        foreach (var (key, value) in rows)
        {
            foreach (var canary in forbidden)
            {
                Assert.DoesNotContain(canary, key, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(canary, value, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Matches(CounterKeyGrammar(), key);
            Assert.NotNull(CounterKey.Parse(key));
            Assert.Matches("^[0-9]{1,6}$", value);
            Assert.DoesNotMatch(Guid(), key);
            Assert.DoesNotMatch(ReferenceCodeShape(), key);
            Assert.DoesNotMatch("[0-9]{5,}", key);
        }
    }

    /// <summary>A month, a counter name, then only known dimension names with letter-only values.</summary>
    [GeneratedRegex("^[0-9]{4}-[0-9]{2};[a-z][A-Za-z]{2,30}(;(kind|audience|route|topic|involved|routeKind|days)=[A-Za-z][A-Za-z-]{1,39})*$")]
    private static partial Regex CounterKeyGrammar();

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex("[34679ACDEFGHJKMNPQRTUVWXY]{3}-?[34679ACDEFGHJKMNPQRTUVWXY]{4}")]
    private static partial Regex ReferenceCodeShape();
}

/// <summary>The same on an Azure table (Azurite): every entity of the figures partition, every property.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class AzureTableFigureCanaryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task No_canary_and_no_id_reaches_a_counter_entity_on_an_Azure_table()
    {
        await using var connector = await FakeConnector.StartAsync();
        var table = AzuriteFixture.NewTableName("figcanary");
        await using var host = ConversationCanaryTests.NewHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TableName"] = table,
        });

        var reference = await ConversationCanaryTests.RunScriptAsync(host, connector);
        var forbidden = await FigureCanaryTests.ForbiddenAsync(host, reference);
        await FigureCanaryTests.ConfidantAnswersAsync(host, reference);

        var entities = await ConversationCanaryTests.ReadAllEntitiesAsync(new TableClient(azurite.ConnectionString, table));
        var counters = entities.Where(entity => entity.PartitionKey == CounterKey.Partition).ToList();
        foreach (var entity in counters)
        {
            // Every property, decoded: nothing but the count may be stored beside the key.
            var dump = ConversationCanaryTests.Dump(entity);
            foreach (var canary in forbidden)
            {
                Assert.DoesNotContain(canary, dump, StringComparison.OrdinalIgnoreCase);
            }
        }

        var rows = await FigureCanaryTests.CounterRowsAsync(host.Storage);
        Assert.Equal(counters.Count, rows.Count);
        FigureCanaryTests.AssertCounterRows(rows, forbidden);
    }
}
