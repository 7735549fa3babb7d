using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Roster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.Tests.Roster;

/// <summary>
/// A real roster on a real SqliteStorage in a temp folder, with people who talk to the bot in
/// their own 1:1 conversations. Only outside services (Graph) are ever faked, elsewhere.
/// </summary>
public sealed class RosterTestKit : IAsyncDisposable
{
    public const string Tenant = "7d0c9f7e-0000-4000-8000-0000000000aa";
    public const string AdminA = "aaaaaaaa-0000-4000-8000-00000000000a";
    public const string AdminB = "bbbbbbbb-0000-4000-8000-00000000000b";
    public const string Employee = "eeeeeeee-0000-4000-8000-00000000000e";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "roster-tests-" + Guid.NewGuid().ToString("N"));

    public RosterTestKit()
    {
        Directory.CreateDirectory(_folder);
        Storage = new SqliteStorage(new SqliteStorageOptions { DataDirectory = _folder }, Clock);
        Store = new RosterStore(Storage, Clock);
        Authorizer = new HrAdminAuthorizer(Options.Create(AdminOptions), NullLogger<HrAdminAuthorizer>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 30, 0, TimeSpan.Zero));

    public SqliteStorage Storage { get; }

    public RosterStore Store { get; }

    /// <summary>Mutable: a test may withdraw an admin's rights between turns.</summary>
    public HrAdminOptions AdminOptions { get; } = new() { ObjectIds = [AdminA, AdminB], TenantId = Tenant };

    public HrAdminAuthorizer Authorizer { get; }

    public DialogTestClient AdminClient(string aadObjectId, string? locale = "nl-NL") => Client(new ConfidantBot.Roster.Admin.RosterAdminDialog(Store, Authorizer), aadObjectId, locale);

    public DialogTestClient ConfidantsClient(string aadObjectId = Employee, string? locale = "nl-NL") => Client(new ConfidantsDialog(Store), aadObjectId, locale);

    public DialogTestClient Client(Dialog root, string aadObjectId, string? locale = "nl-NL")
    {
        var client = new DialogTestClient(root, new DialogTestClientOptions
        {
            Storage = Storage,
            TimeProvider = Clock,
            Conversation = new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = "http://127.0.0.1/",
                Conversation = new ConversationAccount { Id = "a:" + aadObjectId + Guid.NewGuid().ToString("N"), ConversationType = "personal", TenantId = Tenant },
                User = new ChannelAccount { Id = "29:" + aadObjectId, AadObjectId = aadObjectId, Role = "user" },
                Bot = new ChannelAccount { Id = "28:bot", Role = "bot" },
                Locale = locale,
            },
        });
        return client;
    }

    /// <summary>The stored roster document exactly as stored, to prove that nothing changed.</summary>
    public async Task<byte[]> RosterBytesAsync()
        => (await Storage.ReadAsync(new StorageKey("roster", "current")))?.Data.ToArray() ?? [];

    public async Task<List<JsonObject>> AuditAsync()
    {
        var entries = new List<JsonObject>();
        await foreach (var item in Storage.QueryAsync(AuditEntry.Partition))
        {
            entries.Add(JsonNode.Parse(item.Data.Span)!.AsObject());
        }

        return entries;
    }

    public static Confidant Confidant(string id, string name, ConfidantKind kind = ConfidantKind.External, params Audience[] audiences) => new()
    {
        Id = id,
        DisplayName = name,
        Organisation = "Voorbeeld Vertrouwenswerk",
        Kind = kind,
        Audiences = audiences.Length == 0 ? [Audience.Employees] : audiences,
        Languages = ["nl", "en"],
        Bio = new LocalizedText("Luistert en denkt mee.", "Listens and thinks along."),
        InvitationEmail = id + "@example.org",
        ConsultationHours = [new ConsultationHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0))],
    };

    /// <summary>An external confidant for employees who has time every day, around the clock: a booking through the host always finds a slot.</summary>
    public static Confidant AllDayConfidant(string id, string name) => Confidant(id, name) with
    {
        ConsultationHours = [.. Enum.GetValues<DayOfWeek>().Select(day => new ConsultationHours(day, new TimeOnly(0, 0), new TimeOnly(23, 45)))],
    };

    public async Task SeedAsync(params Confidant[] confidants)
        => await Store.ImportAsync(new RosterDocument(confidants, [new RouteContact { Key = "griffier", Name = new LocalizedText("Griffie Voorbeeldstad", "Council clerk Voorbeeldstad"), Email = "griffie@example.org" }]), AdminA, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS is cleaned with the temp folder later.
        }
    }
}

/// <summary>Reads and presses cards the way Teams and Web Chat do: the pressed button's data merged with every input's value.</summary>
public static class Cards
{
    public static JsonObject Card(this Activity activity)
        => JsonNode.Parse(activity.Attachments!.Single(a => a.ContentType == Attachment.AdaptiveCardContentType).Content!.Value.GetRawText())!.AsObject();

    public static JsonObject Card(this IReadOnlyList<Activity> replies) => replies.Last(r => r.Attachments is { Count: > 0 }).Card();

    public static IEnumerable<JsonObject> Elements(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, child) in obj)
                {
                    foreach (var inner in Elements(child))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var inner in Elements(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    /// <summary>Every string in the card (texts, fact values, input values), one per line.</summary>
    public static string AllText(JsonObject card)
        => string.Join("\n", Elements(card).SelectMany(e => e.Select(p => p.Value)).OfType<JsonValue>()
            .Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>()));

    public static Dictionary<string, string> Inputs(JsonObject card)
        => Elements(card).Where(e => e["type"]?.GetValue<string>() is { } type && type.StartsWith("Input.", StringComparison.Ordinal))
            .ToDictionary(e => e["id"]!.GetValue<string>(), e => e["value"]?.GetValue<string>() ?? string.Empty);

    /// <summary>The text shown right after the input <paramref name="inputId"/> (its error line), or null.</summary>
    public static string? ErrorAfter(JsonObject card, string inputId)
    {
        foreach (var container in Elements(card).Select(e => e["body"] ?? e["items"]).OfType<JsonArray>())
        {
            for (var i = 0; i < container.Count - 1; i++)
            {
                if (container[i]?["id"]?.GetValue<string>() == inputId && container[i + 1] is JsonObject next && next["color"]?.GetValue<string>() == "attention")
                {
                    return next["text"]!.GetValue<string>();
                }
            }
        }

        return null;
    }

    public static JsonObject ButtonData(JsonObject card, string title) => Button(card, title)["data"]!.DeepClone().AsObject();

    private static JsonObject Button(JsonObject card, string title, string? recordId = null, string idField = "recordId")
        => Elements(card).Single(e => e["type"]?.GetValue<string>() == "Action.Submit" && e["title"]?.GetValue<string>() == title
            && (recordId is null || e["data"]?[idField]?.GetValue<string>() == recordId));

    /// <summary>Presses a contact row's button (e.g. "Wijzigen" of the griffier).</summary>
    public static Task<IReadOnlyList<Activity>> PressForKeyAsync(this DialogTestClient client, JsonObject card, string buttonTitle, string key)
        => client.SendValueAsync(Button(card, buttonTitle, key, "key")["data"]!.ToJsonString());

    /// <summary>Presses a list row's button (e.g. "Wijzigen" of one confidant).</summary>
    public static Task<IReadOnlyList<Activity>> PressForAsync(this DialogTestClient client, JsonObject card, string buttonTitle, string recordId)
        => client.SendValueAsync(Button(card, buttonTitle, recordId)["data"]!.ToJsonString());

    public static IEnumerable<string> ButtonTitles(JsonObject card)
        => Elements(card).Where(e => e["type"]?.GetValue<string>() == "Action.Submit").Select(e => e["title"]!.GetValue<string>());

    /// <summary>Presses the button: its data plus the card's inputs (as shown), with <paramref name="changes"/> typed in.</summary>
    public static Task<IReadOnlyList<Activity>> PressAsync(this DialogTestClient client, JsonObject card, string buttonTitle, IReadOnlyDictionary<string, string>? changes = null)
    {
        var data = ButtonData(card, buttonTitle);
        var withInputs = Button(card, buttonTitle)["associatedInputs"]?.GetValue<string>() != "none";
        if (withInputs)
        {
            foreach (var (id, value) in Inputs(card))
            {
                data[id] = value;
            }

            foreach (var (id, value) in changes ?? new Dictionary<string, string>())
            {
                data[id] = value;
            }
        }

        return client.SendValueAsync(data.ToJsonString());
    }
}
