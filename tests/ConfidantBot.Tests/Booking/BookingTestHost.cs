using System.Text;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.Booking.Removal;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Figures;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Privacy.Sealing;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// The booking feature wired for real on SQLite files in a temporary folder, with the real
/// privacy code and a local key file. Only the calendar may be swapped (Graph against WireMock).
/// </summary>
internal sealed class BookingTestHost : IDisposable
{
    /// <summary>Monday 22 March 2027, 09:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset Start = new(2027, 3, 22, 8, 0, 0, TimeSpan.Zero);

    private readonly TemporaryKeyFolder _folder = new();

    public BookingTestHost(Func<BookingTestHost, ICalendarProvider>? calendar = null, IReadOnlyList<Confidant>? confidants = null)
    {
        Directory.CreateDirectory(_folder.DataDirectory);
        Keys = new SwitchableKeys(_folder.NewProvider(Clock));
        Storage = new SqliteStorage(new SqliteStorageOptions { DatabasePath = StorePath }, Clock);
        LocalCalendarStorage = new SqliteStorage(new SqliteStorageOptions { DatabasePath = Path.Combine(_folder.DataDirectory, BookingExtensions.LocalCalendarFileName) }, Clock);
        LocalCalendar = new LocalCalendarProvider(new LocalCalendarStore(LocalCalendarStorage));
        Roster = new RosterStore(Storage, Clock);
        Roster.ImportAsync(new RosterDocument(confidants ?? [Confidant("c1", "Anna de Wit", phone: "020 1234567", office: "Stationsplein 1, Utrecht"), Confidant("c2", "Bram Okafor")], []), "hr-admin", CancellationToken.None).GetAwaiter().GetResult();
        SlotFinder = new SlotFinder(Options.Create(new AvailabilityOptions()), new DutchHolidays());
        Routing = new SealedRoutingStore(Storage, new RoutingSealer(Keys), Clock, NullLogger<SealedRoutingStore>.Instance);
        Hasher = new PersonKeyHasher(Keys);
        Calendar = calendar?.Invoke(this) ?? LocalCalendar;
        Counters = new UsageCounters(Storage, Clock, Options.Create(Figures), NullLogger<UsageCounters>.Instance);
        Removals = new CalendarRemovalOutbox(Storage, Calendar, Options.Create(Removal), Clock, new FakeLogger<CalendarRemovalOutbox>(Logs));
        RemovalService = new CalendarRemovalService(Removals, Storage, Calendar, Options.Create(Removal), Clock, new FakeLogger<CalendarRemovalService>(Logs));
        Bookings = new BookingService(Storage, Roster, Calendar, SlotFinder, Routing, Hasher, Options.Create(Retention), Clock, Counters, Removals, new FakeLogger<BookingService>(Logs));
        Drafts = new BookingDraftStore(Routing, Hasher, Clock);
        Messages = new BookingMessages(SlotFinder);
        Confirmations = new ConfirmationClaims(Storage, Keys, Clock);
    }

    public ConfirmationClaims Confirmations { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public FakeLogCollector Logs { get; } = new();

    public RetentionOptions Retention { get; } = new();

    public FiguresOptions Figures { get; } = new();

    /// <summary>The real anonymous counters, on the same store as the bookings.</summary>
    public UsageCounters Counters { get; }

    public BookingOptions Booking { get; } = new();

    public CalendarRemovalOptions Removal { get; } = new();

    /// <summary>The calendar removal outbox, on the same store as the bookings.</summary>
    public CalendarRemovalOutbox Removals { get; }

    /// <summary>The outbox's background work (one pass per <see cref="CalendarRemovalService.RunOnceAsync"/>).</summary>
    public CalendarRemovalService RemovalService { get; }

    public SwitchableKeys Keys { get; }

    public string DataDirectory => _folder.DataDirectory;

    public string StorePath => Path.Combine(_folder.DataDirectory, "storage.db");

    public SqliteStorage Storage { get; }

    public LocalCalendarProvider LocalCalendar { get; }

    /// <summary>The local calendar's own file, to read its rows as stored.</summary>
    public SqliteStorage LocalCalendarStorage { get; }

    public ICalendarProvider Calendar { get; }

    public RosterStore Roster { get; }

    public SlotFinder SlotFinder { get; }

    public SealedRoutingStore Routing { get; }

    public PersonKeyHasher Hasher { get; }

    public BookingService Bookings { get; }

    public BookingDraftStore Drafts { get; }

    public BookingMessages Messages { get; }

    public static Confidant Confidant(string id, string name, string? phone = null, string? office = null, string? calendarUserId = null) => new()
    {
        Id = id,
        DisplayName = name,
        Organisation = "Vertrouwenswerk BV",
        Kind = ConfidantKind.External,
        Audiences = [Audience.Employees],
        Languages = ["nl", "en"],
        Bio = new LocalizedText("Luistert en denkt mee.", "Listens and helps you think."),
        InvitationEmail = $"{id}@vertrouwenswerk.example",
        CalendarUserId = calendarUserId,
        PhoneNumber = phone,
        OfficeAddress = office,
        ConsultationHours =
        [
            new ConsultationHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new ConsultationHours(DayOfWeek.Wednesday, new TimeOnly(13, 0), new TimeOnly(17, 0)),
        ],
    };

    public BookingDialog NewBookingDialog() => new(Bookings, Roster, Drafts, Messages, Options.Create(Booking), Options.Create(Retention), Confirmations, new FakeLogger<BookingDialog>(Logs));

    /// <summary>The answer relay on this host's store and calendar, replying through <paramref name="adapter"/> (by default one that keeps what it sends).</summary>
    public AnswerRelayService NewAnswerRelay(ConfidantBot.BotFramework.Hosting.BotAdapter? adapter = null) =>
        new(Bookings, Calendar, Routing, adapter ?? new TestAdapter(), Messages, Options.Create(Booking), Clock, Counters, NullLogger<AnswerRelayService>.Instance);

    public MyBookingsDialog NewMyBookingsDialog() => new(Bookings, Messages, Roster, Clock, new FakeLogger<MyBookingsDialog>(Logs));

    /// <summary>A person in Teams: canary display name and Entra object id, in their own conversation.</summary>
    public static ConversationReference Person(string conversationId = Canaries.ConversationId, string userId = Canaries.UserId, string aadObjectId = Canaries.EntraObjectId, string serviceUrl = "http://127.0.0.1:9/") => new()
    {
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount { Id = conversationId, TenantId = Canaries.TenantId, ConversationType = "personal" },
        User = new ChannelAccount { Id = userId, Name = Canaries.UserName, AadObjectId = aadObjectId, Role = "user" },
        Bot = new ChannelAccount { Id = "28:bot-app-id", Name = "ConfidantBot", Role = "bot" },
        Locale = "nl-NL",
    };

    public DialogTestClient Client(ConfidantBot.BotFramework.Dialogs.Dialog dialog, ConversationReference? person = null)
        => new(dialog, new DialogTestClientOptions { Storage = Storage, TimeProvider = Clock, Conversation = person ?? Person() });

    public Task<List<StoredItem>> ItemsAsync(string partition) => ItemsAsync(Storage, partition);

    public static async Task<List<StoredItem>> ItemsAsync(IStorage storage, string partition)
    {
        var items = new List<StoredItem>();
        await foreach (var item in storage.QueryAsync(partition, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Every byte the bot's store holds on disk (database, WAL and journal).</summary>
    public string StoreBytes() => FileBytes("storage.db*");

    private string FileBytes(string pattern)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(_folder.DataDirectory, pattern))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    /// <summary>Every byte the local calendar's file holds on disk (database, WAL and journal).</summary>
    public string LocalCalendarBytes() => FileBytes(BookingExtensions.LocalCalendarFileName + "*");

    /// <summary>Everything a person would read in an activity, facts included.</summary>
    public static string Visible(Activity activity) => new ConfidantBot.Tests.Infrastructure.SentActivity("", "", "", activity).VisibleText;

    public static string Visible(IEnumerable<Activity> activities) => string.Join("\n", activities.Select(Visible));

    public void Dispose()
    {
        Storage.Dispose();
        LocalCalendarStorage.Dispose();
        _folder.Dispose();
    }
}

/// <summary>The real local key file, with a switch that makes every key call fail like an unreachable Key Vault.</summary>
internal sealed class SwitchableKeys(IKeyProvider inner) : IKeyProvider
{
    public bool DataKeyFails { get; set; }

    public bool HmacKeyFails { get; set; }

    public bool AllFail
    {
        set => DataKeyFails = HmacKeyFails = value;
    }

    public ValueTask<VersionedKey> GetCurrentDataKeyAsync(CancellationToken cancellationToken = default)
        => DataKeyFails ? throw Unavailable() : inner.GetCurrentDataKeyAsync(cancellationToken);

    public ValueTask<ReadOnlyMemory<byte>> GetDataKeyAsync(string version, CancellationToken cancellationToken = default)
        => DataKeyFails ? throw Unavailable() : inner.GetDataKeyAsync(version, cancellationToken);

    public ValueTask<VersionedKey> GetHmacKeyAsync(CancellationToken cancellationToken = default)
        => HmacKeyFails ? throw Unavailable() : inner.GetHmacKeyAsync(cancellationToken);

    private static KeyUnavailableException Unavailable() => new("Key Vault could not be reached (test).");
}
