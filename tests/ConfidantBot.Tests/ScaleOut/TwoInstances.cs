using ConfidantBot.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Tests.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Privacy.Hashing;
using ConfidantBot.Privacy.Retention;
using ConfidantBot.Privacy.Routing;
using ConfidantBot.Roster;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Tests.ScaleOut;

/// <summary>
/// Two real hosts (in-process, local mode, Development) on one Azurite table and one shared local
/// key file, as two instances of the app behind a load balancer would run.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private readonly string _workDirectory;

    private TwoInstances(string workDirectory, WebApplicationFactory<Program> first, WebApplicationFactory<Program> second)
    {
        _workDirectory = workDirectory;
        First = first;
        Second = second;
        FirstClient = first.CreateClient();
        SecondClient = second.CreateClient();
    }

    public WebApplicationFactory<Program> First { get; }

    public WebApplicationFactory<Program> Second { get; }

    public HttpClient FirstClient { get; }

    public HttpClient SecondClient { get; }

    public IEnumerable<WebApplicationFactory<Program>> Both => [First, Second];

    public static TwoInstances Start(AzuriteFixture azurite)
    {
        var table = AzuriteFixture.NewTableName("scaleout");
        var workDirectory = Directory.CreateTempSubdirectory("confidantbot-scaleout-").FullName;
        var keyDirectory = Path.Combine(workDirectory, "keys");
        var first = Host(azurite.ConnectionString, table, keyDirectory, Path.Combine(workDirectory, "first"));
        // The first host creates the shared key file; the second starts after it and reads it.
        _ = first.Services;
        var second = Host(azurite.ConnectionString, table, keyDirectory, Path.Combine(workDirectory, "second"));
        _ = second.Services;
        return new TwoInstances(workDirectory, first, second);
    }

    public HttpClient Client(int index) => index % 2 == 0 ? FirstClient : SecondClient;

    public WebApplicationFactory<Program> Instance(int index) => index % 2 == 0 ? First : Second;

    /// <summary>
    /// The booking service of one instance, from its own services. Built by hand until the booking
    /// feature registers it (<c>AddBooking</c>); then the registered one is used.
    /// </summary>
    public static BookingService Bookings(WebApplicationFactory<Program> host)
    {
        var services = host.Services;
        if (services.GetService<BookingService>() is { } registered)
        {
            return registered;
        }

        var storage = services.GetRequiredService<IStorage>();
        return new BookingService(
            storage,
            new RosterStore(storage, TimeProvider.System),
            Calendar(host),
            SlotFinder(),
            services.GetRequiredService<SealedRoutingStore>(),
            services.GetRequiredService<PersonKeyHasher>(),
            services.GetRequiredService<IOptions<RetentionOptions>>(),
            TimeProvider.System,
            services.GetService<IUsageCounters>() ?? new UsageCounters(storage, TimeProvider.System, Options.Create(new FiguresOptions()), NullLogger<UsageCounters>.Instance),
            services.GetRequiredService<ConfidantBot.Booking.Removal.CalendarRemovalOutbox>(),
            NullLogger<BookingService>.Instance);
    }

    /// <summary>The local calendar on the shared table: both instances see the confidants' "mailboxes".</summary>
    public static ICalendarProvider Calendar(WebApplicationFactory<Program> host)
        => host.Services.GetService<ICalendarProvider>() ?? new LocalCalendarProvider(new LocalCalendarStore(host.Services.GetRequiredService<IStorage>()));

    public static AnswerRelayService AnswerRelay(WebApplicationFactory<Program> host)
        => host.Services.GetService<AnswerRelayService>() ?? new AnswerRelayService(
            Bookings(host),
            Calendar(host),
            host.Services.GetRequiredService<SealedRoutingStore>(),
            host.Services.GetRequiredService<BotAdapter>(),
            new BookingMessages(SlotFinder()),
            Options.Create(new BookingOptions()),
            TimeProvider.System,
            host.Services.GetService<IUsageCounters>() ?? new UsageCounters(host.Services.GetRequiredService<IStorage>(), TimeProvider.System, Options.Create(new FiguresOptions()), NullLogger<UsageCounters>.Instance),
            NullLogger<AnswerRelayService>.Instance);

    public static SlotFinder SlotFinder() => new(Options.Create(new AvailabilityOptions()), new DutchHolidays());

    public async ValueTask DisposeAsync()
    {
        FirstClient.Dispose();
        SecondClient.Dispose();
        await First.DisposeAsync();
        await Second.DisposeAsync();
        Directory.Delete(_workDirectory, recursive: true);
    }

    private static WebApplicationFactory<Program> Host(string connectionString, string table, string keyDirectory, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Storage:ConnectionString", connectionString);
            web.UseSetting("Storage:TableName", table);
            web.UseSetting("Bot:DataDirectory", dataDirectory);
            web.UseSetting("LocalKeys:DataDirectory", keyDirectory);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            // In production both instances reach one calendar (Graph); locally each would keep its
            // own local-calendar.db, so the stand-in mailbox is put on the shared table instead.
            web.ConfigureTestServices(services => services.AddInProcessLoopback().AddSingleton(sp => new LocalCalendarStore(sp.GetRequiredService<IStorage>())));
        });
    }
}

/// <summary>Teams personal-chat activities (fake ids) for the scale-out tests.</summary>
public static class TeamsActivities
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";

    public static JsonObject Message(string serviceUrl, string conversationId, string? text = null, JsonObject? value = null)
    {
        var activity = Base("message", serviceUrl, conversationId);
        if (text is not null)
        {
            activity["text"] = text;
        }

        if (value is not null)
        {
            activity["value"] = value;
        }

        return activity;
    }

    public static JsonObject MembersAdded(string serviceUrl, string conversationId)
    {
        var activity = Base("conversationUpdate", serviceUrl, conversationId);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:bot" });
        return activity;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject activity)
        => client.PostAsJsonAsync("/api/messages", activity);

    private static JsonObject Base(string type, string serviceUrl, string conversationId) => new()
    {
        ["type"] = type,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["locale"] = "nl-NL",
        ["from"] = new JsonObject { ["id"] = "29:user-" + conversationId, ["aadObjectId"] = "00000000-0000-0000-0000-0000000000c1" },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ConfidantBot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
    };
}
