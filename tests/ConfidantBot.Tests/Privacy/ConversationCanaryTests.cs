using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Tests.Storage;
using ConfidantBot.Presentation;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace ConfidantBot.Tests.Privacy;

/// <summary>
/// The no-content promise, end to end: a person whose display name, Entra object id and Teams user
/// id are canaries walks through the route guide (typing a canary story several times) and books
/// an appointment (canary pseudonym and phone number) through the real host over HTTP. Afterwards
/// neither the store's raw bytes (SQLite files, or every Azure Table entity on Azurite) nor any
/// captured log output holds any canary. The first test deliberately does not run "vergeet mij":
/// the booking's routing record must still exist, so what it proves is that it is sealed. The
/// second runs it and proves that afterwards the canary is nowhere (store, local calendar, logs,
/// conversation rows) and the local event is gone; the third that "stop" at the summary leaves no
/// sealed draft.
/// </summary>
public sealed class ConversationCanaryTests
{
    private const string Story = "Mijn chef Canarius Verhaalmans sjoemelt met declaraties CANARY-STORY-5521";
    private const string SecondStory = "Ik durf het niet te zeggen want CANARY-STORY-8830 weet wie ik ben";

    /// <summary>Every text that must never be found, with fragments that would betray a partial or normalised copy.</summary>
    internal static readonly string[] Forbidden =
    [
        Story, "Canarius Verhaalmans", "CANARY-STORY-5521",
        SecondStory, "CANARY-STORY-8830",
        Canaries.Pseudonym, "Kiwi7731",
        Canaries.PhoneNumber, "99887766",
        Canaries.EntraObjectId, Canaries.EntraObjectId.Replace("-", "", StringComparison.Ordinal), Canaries.EntraObjectId.ToUpperInvariant(),
        Canaries.UserName, "Jansen-de Vries",
        Canaries.UserId, "1CANARYuserid5rT0pq",
    ];

    [Fact]
    public async Task Guide_and_booking_leave_no_canary_in_the_SQLite_files_while_running_and_after_stopping_nor_in_the_logs()
    {
        await using var connector = await FakeConnector.StartAsync();
        var dataDirectory = BotHostFactory.NewDataDirectory();
        try
        {
            await using (var host = new BotHostFactory(Settings(new Dictionary<string, string?>(), dataDirectory)))
            {
                var reference = await RunScriptAsync(host, connector);
                await AssertBookedAsync(host, reference);
                // While the host runs: the database, its write-ahead log and shared memory as they are now.
                await AssertDataFilesCleanAsync(dataDirectory, "while the host runs");
                AssertLogsClean(host.Logs);
            }

            // Once the host stopped SQLite has checkpointed the WAL into the database file: read it again.

            Assert.NotEmpty(DataFiles(dataDirectory));
            await AssertDataFilesCleanAsync(dataDirectory, "after the host stopped");
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    internal static BotHostFactory NewHost(Dictionary<string, string?> settings) => new(Settings(settings, dataDirectory: null));

    [Fact]
    public async Task After_forget_me_no_canary_is_in_any_store_file_the_local_calendar_the_logs_or_a_conversation_row_and_the_local_event_is_gone()
    {
        await using var connector = await FakeConnector.StartAsync();
        var dataDirectory = BotHostFactory.NewDataDirectory();
        try
        {
            await using (var host = new BotHostFactory(Settings(new Dictionary<string, string?>(), dataDirectory)))
            {
                var conversationId = "a:canary-" + Guid.NewGuid().ToString("N");
                var reference = await RunScriptAsync(host, connector, conversationId);
                await AssertBookedAsync(host, reference);

                var person = new Person(host, connector, conversationId);
                var question = await person.TypeAsync("vergeet mij");
                var yes = Buttons(question).First(data => data["confirm"] is JsonValue value && value.GetValue<bool>());
                await person.SubmitAsync(yes);
                Assert.Contains("De agenda van de vertrouwenspersoon wordt nu bijgewerkt", person.LastVisible, StringComparison.Ordinal);

                // The outbox, woken by forget-me, removes the local event in the background.
                var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
                var deadline = DateTime.UtcNow + Patience.Default;
                while (DateTime.UtcNow < deadline && await AnyEventAsync(calendar))
                {
                    await Task.Delay(100);
                }

                Assert.False(await AnyEventAsync(calendar), "the local calendar still holds the event after forget-me");

                // A delete's checkpoint that a background reader (relay, outbox) held off is settled at the
                // store's next use (privacy.md): each look at the calendar is such a use.
                string? found;
                deadline = DateTime.UtcNow + Patience.Default;
                while ((found = await FindCanaryAsync(Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))) is not null && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                    await AnyEventAsync(calendar);
                }

                Assert.True(found is null, $"{found} after forget-me, while the host runs");
                await AssertAllFilesCleanAsync(dataDirectory, "after forget-me, while the host runs");
                AssertLogsClean(host.Logs);
            }

            await AssertAllFilesCleanAsync(dataDirectory, "after forget-me and the host stopped");
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static async Task<bool> AnyEventAsync(LocalCalendarProvider calendar)
    {
        await foreach (var _ in calendar.ListAsync(CancellationToken.None))
        {
            return true;
        }

        return false;
    }

    /// <summary>Every file of the data folder, the local calendar (the stand-in mailbox) included.</summary>
    private static async Task AssertAllFilesCleanAsync(string dataDirectory, string when)
    {
        var files = Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, file => Path.GetFileName(file).StartsWith(BookingExtensions.LocalCalendarFileName, StringComparison.Ordinal));
        await AssertFilesCleanAsync(files, when);
    }

    internal static BotHostSettings Settings(Dictionary<string, string?> settings, string? dataDirectory)
    {
        // Capture everything, down to Trace: a leak at any level counts.
        settings["Logging:LogLevel:Default"] = "Trace";
        settings["Logging:LogLevel:Microsoft"] = "Trace";
        return new BotHostSettings { DataDirectory = dataDirectory, Settings = settings };
    }

    /// <summary>The scripted conversation; returns the booking's reference code shown to the person.</summary>
    internal static async Task<string> RunScriptAsync(BotHostFactory host, FakeConnector connector, string? conversationId = null)
    {
        var person = new Person(host, connector, conversationId ?? "a:canary-" + Guid.NewGuid().ToString("N"));

        // (1) The route guide, with the story typed at several points.
        await person.TypeAsync("hallo");
        var card = await person.SubmitAsync(new JsonObject { ["command"] = "guide" });
        card = await person.TypeAsync(Story);
        Assert.Contains(Texts.Get("nl-NL", "routes.freeText.text"), person.LastVisible, StringComparison.Ordinal); // the story reached the guide
        var answered = 0;
        for (; answered < 20; answered++)
        {
            var answer = Buttons(card).FirstOrDefault(data => (string?)data["guide"] == "answer");
            if (answer is null)
            {
                break;
            }

            card = await person.SubmitAsync(answer);
            if (answered == 1)
            {
                card = await person.TypeAsync(SecondStory);
            }
        }

        Assert.True(answered >= 2, "the guide asked fewer than two questions: the script did not walk it");
        await person.TypeAsync(Story);
        await person.TypeAsync("stop");

        // (2) A booking, driven by the buttons of the cards the bot sends.
        card = await WalkBookingToSummaryAsync(person);
        var confirm = Buttons(card).First(data => data["confirm"] is JsonValue value && value.GetValue<bool>());
        await person.SubmitAsync(confirm);
        var code = System.Text.RegularExpressions.Regex.Match(person.LastVisible, "[34679ACDEFGHJKMNPQRTUVWXY]{3}-[34679ACDEFGHJKMNPQRTUVWXY]{4}").Value;
        Assert.False(string.IsNullOrEmpty(code), "no booking reference in the confirmation: " + person.LastVisible);
        return code;
    }

    /// <summary>From "afspraak" to the summary, with the canary pseudonym and phone number typed; returns the summary's question.</summary>
    private static async Task<JsonElement?> WalkBookingToSummaryAsync(Person person)
    {
        var card = await person.TypeAsync("afspraak");
        // The story once more where a choice is expected: the prompt asks again and keeps nothing.
        card = await person.TypeAsync(Story);
        var confidant = Buttons(card).First(data => data["choice"] is { } choice && (string?)choice != BookingDialogAny);
        card = await person.SubmitAsync(confidant);
        var slot = Buttons(card).First(data => data["choice"] is { } choice && (string?)choice != BookingDialogLater);
        card = await person.SubmitAsync(slot);
        var phoneMode = Buttons(card).FirstOrDefault(data => (string?)data["choice"] == nameof(MeetingMode.PhoneConfidantCalls));
        Assert.True(phoneMode is not null, "the demo confidant offers no 'the confidant calls me': " + person.LastVisible);
        await person.SubmitAsync(phoneMode);
        Assert.Contains("schuilnaam", person.LastVisible, StringComparison.OrdinalIgnoreCase);
        await person.TypeAsync(Canaries.Pseudonym);
        Assert.Contains("nummer", person.LastVisible, StringComparison.OrdinalIgnoreCase);
        card = await person.TypeAsync(Canaries.PhoneNumber);
        Assert.Contains(Canaries.Pseudonym, person.LastVisible, StringComparison.Ordinal); // the summary shows what the confidant will see
        return card;
    }

    [Fact]
    public async Task Stop_at_the_summary_erases_the_sealed_pseudonym_and_number_at_once_as_the_bot_says()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var host = NewHost([]);
        var person = new Person(host, connector, "a:canary-" + Guid.NewGuid().ToString("N"));
        await WalkBookingToSummaryAsync(person);
        var storage = host.Services.GetRequiredService<IStorage>();
        var drafts = SealedRoutingStore.RecordPartitionPrefix + ConfidantBot.Booking.Dialogs.BookingDraftStore.Purpose;
        Assert.NotEmpty(await ConfidantBot.Tests.Booking.BookingTestHost.ItemsAsync(storage, drafts));

        await person.TypeAsync("stop");

        Assert.Equal(Texts.Get("nl-NL", "conversation.cancelled"), person.LastVisible);
        Assert.Empty(await ConfidantBot.Tests.Booking.BookingTestHost.ItemsAsync(storage, drafts));
    }


    private const string BookingDialogAny = ConfidantBot.Booking.Dialogs.BookingDialog.AnyConfidant;
    private const string BookingDialogLater = ConfidantBot.Booking.Dialogs.BookingDialog.LaterChoice;

    /// <summary>The booking really happened: a routing record is stored and the confidant's calendar has the event.</summary>
    internal static async Task AssertBookedAsync(BotHostFactory host, string referenceCode)
    {
        var storage = host.Services.GetRequiredService<IStorage>();
        var routing = new List<StoredItem>();
        await foreach (var item in storage.QueryAsync(SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking))
        {
            routing.Add(item);
        }

        Assert.Single(routing);

        // The local calendar (local-calendar.db) stands in for the confidant's Exchange mailbox: the
        // pseudonym and phone number belong there by design, so it is checked here for the booking
        // and EXCLUDED from the canary scan below.
        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        var events = new List<LocalCalendarEvent>();
        await foreach (var calendarEvent in calendar.ListAsync(CancellationToken.None))
        {
            events.Add(calendarEvent);
        }

        var booked = Assert.Single(events);
        Assert.Equal(referenceCode, booked.ReferenceCode);
        Assert.Equal(Canaries.Pseudonym, booked.Pseudonym);
        Assert.Equal(Canaries.PhoneNumber, booked.PhoneNumberToCall);
    }

    internal static IEnumerable<string> DataFiles(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Where(file => !Path.GetFileName(file).StartsWith(BookingExtensions.LocalCalendarFileName, StringComparison.Ordinal));

    /// <summary>Every file of the data folder but the stand-in mailbox: *.db, -wal, -shm, the key file.</summary>
    internal static Task AssertDataFilesCleanAsync(string dataDirectory, string when) => AssertFilesCleanAsync(DataFiles(dataDirectory), when);

    /// <summary>No canary in any of the files, as UTF-8 or UTF-16 bytes.</summary>
    private static async Task AssertFilesCleanAsync(IEnumerable<string> files, string when)
    {
        var found = await FindCanaryAsync(files);
        Assert.True(found is null, $"{found} {when}");
    }

    /// <summary>Where a canary is, as "file holds canary '…'", or null when the files are clean.</summary>
    private static async Task<string?> FindCanaryAsync(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes);
            }
            catch (FileNotFoundException)
            {
                // SQLite removes its -wal/-shm files when the last connection closes; a file gone between listing and reading holds nothing.
                continue;
            }

            foreach (var canary in Forbidden)
            {
                foreach (var pattern in new[] { Encoding.UTF8.GetBytes(canary), Encoding.Unicode.GetBytes(canary) })
                {
                    if (bytes.AsSpan().IndexOf(pattern) >= 0)
                    {
                        return $"{Path.GetFileName(file)} holds canary '{canary}'";
                    }
                }
            }
        }

        return null;
    }

    internal static void AssertLogsClean(FakeLogCollector logs)
    {
        var records = logs.GetSnapshot();
        Assert.NotEmpty(records); // the capture works: the host did log (requests, turns)
        foreach (var record in records)
        {
            var text = new StringBuilder()
                .AppendLine(record.Category)
                .AppendLine(record.Id.ToString())
                .AppendLine(record.Message)
                .AppendLine(record.Exception?.ToString())
                .AppendJoin('\n', record.StructuredState?.Select(pair => pair.Key + "=" + pair.Value) ?? [])
                .AppendLine()
                .AppendJoin('\n', record.Scopes.Select(scope => scope is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(";", pairs.Select(pair => pair.Key + "=" + pair.Value))
                    : scope?.ToString()))
                .AppendLine()
                .Append(record.State?.ToString())
                .ToString();
            foreach (var canary in Forbidden)
            {
                Assert.False(
                    text.Contains(canary, StringComparison.OrdinalIgnoreCase),
                    $"log record [{record.Category}] '{record.Message}' holds canary '{canary}'");
            }
        }
    }

    internal static async Task<List<TableEntity>> ReadAllEntitiesAsync(TableClient table)
    {
        var entities = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            entities.Add(entity);
        }

        return entities;
    }

    /// <summary>Every property of an entity as text; binary values both as UTF-8 and as base64.</summary>
    internal static string Dump(TableEntity entity)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in entity)
        {
            text.Append(name).Append('=');
            switch (value)
            {
                case byte[] bytes:
                    text.Append(Encoding.UTF8.GetString(bytes)).Append(' ').Append(Encoding.Unicode.GetString(bytes)).Append(' ').Append(Convert.ToBase64String(bytes));
                    break;
                case BinaryData data:
                    text.Append(Encoding.UTF8.GetString(data.ToArray())).Append(' ').Append(Convert.ToBase64String(data.ToArray()));
                    break;
                default:
                    text.Append(value);
                    break;
            }

            text.AppendLine();
        }

        // A base64 copy of a canary would hide it from the text search: compare against the canaries' base64 too.
        var dump = text.ToString();
        return dump + "\n" + string.Join("\n", Forbidden.Where(canary => dump.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(canary)), StringComparison.Ordinal)));
    }

    /// <summary>The submit data of every button of a card, in order.</summary>
    internal static List<JsonObject> Buttons(JsonElement? card)
    {
        var found = new List<JsonObject>();
        if (card is { } element)
        {
            Collect(JsonNode.Parse(element.GetRawText()), found);
        }

        return found;
    }

    private static void Collect(JsonNode? node, List<JsonObject> found)
    {
        switch (node)
        {
            case JsonObject obj:
                if ((string?)obj["type"] == "Action.Submit" && obj["data"] is JsonObject data)
                {
                    found.Add(data);
                }

                foreach (var (_, child) in obj)
                {
                    Collect(child, found);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, found);
                }

                break;
        }
    }

    /// <summary>The canary person in one personal chat: everything they send carries their name and ids.</summary>
    internal sealed class Person(BotHostFactory host, FakeConnector connector, string conversationId)
    {
        private JsonElement? _lastCard;

        public string LastVisible { get; private set; } = "";

        public Task<JsonElement?> TypeAsync(string text)
        {
            var body = ProtocolBody.TypedMessage(connector.ServiceUrl, conversationId, text);
            return SendAsync(body);
        }

        public Task<JsonElement?> SubmitAsync(JsonObject data)
        {
            var body = ProtocolBody.TypedMessage(connector.ServiceUrl, conversationId, "");
            body.Remove("text");
            body["value"] = data.DeepClone();
            return SendAsync(body);
        }

        /// <summary>Posts one turn; returns the last card the bot answered with (or the previous one if it sent none).</summary>
        private async Task<JsonElement?> SendAsync(JsonObject body)
        {
            body["from"] = new JsonObject
            {
                ["id"] = Canaries.UserId,
                ["name"] = Canaries.UserName,
                ["aadObjectId"] = Canaries.EntraObjectId,
            };
            body["locale"] = "nl-NL";
            using var response = await host.PostActivityAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            var replies = new List<SentActivity> { await connector.NextAsync(conversationId) };
            replies.AddRange(connector.Drain(conversationId));
            LastVisible = string.Join("\n", replies.Select(reply => reply.VisibleText));
            _lastCard = replies.LastOrDefault(reply => reply.Card is not null)?.Card ?? _lastCard;
            return _lastCard;
        }
    }
}

/// <summary>
/// The same script as <see cref="ConversationCanaryTests"/>, with the host on Azure Table Storage
/// (Azurite, a fresh table): every entity of the table, every property, binary values decoded.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class AzureTableConversationCanaryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Guide_and_booking_leave_no_canary_in_any_Azure_table_entity_or_the_logs()
    {
        await using var connector = await FakeConnector.StartAsync();
        var table = AzuriteFixture.NewTableName("canary");
        await using var host = ConversationCanaryTests.NewHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TableName"] = table,
        });

        var reference = await ConversationCanaryTests.RunScriptAsync(host, connector);

        await ConversationCanaryTests.AssertBookedAsync(host, reference);
        var entities = await ConversationCanaryTests.ReadAllEntitiesAsync(new TableClient(azurite.ConnectionString, table));
        Assert.Contains(entities, entity => entity.PartitionKey == SealedRoutingStore.RecordPartitionPrefix + RoutingPurposes.Booking);
        foreach (var entity in entities)
        {
            var dump = ConversationCanaryTests.Dump(entity);
            foreach (var canary in ConversationCanaryTests.Forbidden)
            {
                Assert.False(
                    dump.Contains(canary, StringComparison.OrdinalIgnoreCase),
                    $"table entity {entity.PartitionKey}/{entity.RowKey} holds canary '{canary}'");
            }
        }

        // The SQLite files of the data folder (none but the key file and the calendar should exist here).
        await ConversationCanaryTests.AssertDataFilesCleanAsync(host.DataDirectory, "next to the Azure table");
        ConversationCanaryTests.AssertLogsClean(host.Logs);
    }
}
