using System.Runtime.CompilerServices;
using Azure.Core;
using Azure.Identity;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.Booking.Removal;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Hosting;
using ConfidantBot.Roster;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ConfidantBot.Booking;

public static class BookingExtensions
{
    /// <summary>The local calendar's own database file, beside the bot's store in the data folder.</summary>
    public const string LocalCalendarFileName = "local-calendar.db";

    /// <summary>
    /// Availability, the calendar (Microsoft Graph when a service mailbox is configured, else the
    /// local calendar in its own SQLite file), booking, the answer relay and the booking dialogs.
    /// Needs the storage, privacy and roster steps and a <see cref="BotAdapter"/> (or
    /// <see cref="CloudAdapter"/>) for proactive messages. Settings are validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddBooking(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AvailabilityOptions>().BindConfiguration(AvailabilityOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => DateTimeZoneProviders.Tzdb.GetZoneOrNull(o.TimeZone ?? "") is not null, "Availability:TimeZone must name an IANA time zone, e.g. Europe/Amsterdam.")
            .ValidateOnStart();

        services.TryAddSingleton<IUsageCounters, UsageCounters>();
        services.TryAddSingleton<DutchHolidays>();
        services.TryAddSingleton<SlotFinder>();
        services.TryAddSingleton<RosterStore>();
        services.AddOptions<CalendarRemovalOptions>().BindConfiguration(CalendarRemovalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CalendarRemovalOutbox>();
        services.TryAddSingleton<CalendarRemovalService>();
        services.AddHostedService(sp => sp.GetRequiredService<CalendarRemovalService>());
        services.TryAddSingleton<BookingService>();
        services.TryAddSingleton<BookingMessages>();
        services.TryAddSingleton<BookingDraftStore>();
        services.TryAddSingleton<ConfirmationClaims>();
        services.TryAddSingleton(sp => new AnswerRelayService(
            sp.GetRequiredService<BookingService>(),
            sp.GetRequiredService<ICalendarProvider>(),
            sp.GetRequiredService<Privacy.Routing.SealedRoutingStore>(),
            sp.GetService<BotAdapter>() ?? sp.GetRequiredService<CloudAdapter>(),
            sp.GetRequiredService<BookingMessages>(),
            sp.GetRequiredService<IOptions<BookingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IUsageCounters>(),
            sp.GetRequiredService<ILogger<AnswerRelayService>>(),
            sp.GetService<Operations.ConfidantBotMetrics>()));
        services.AddHostedService(sp => sp.GetRequiredService<AnswerRelayService>());

        if (IsGraphConfigured(builder.Configuration))
        {
            AddGraphCalendar(builder);
        }
        else
        {
            AddLocalCalendar(builder);
        }

        services.AddSingleton<Dialog, BookingDialog>();
        services.AddSingleton<Dialog, MyBookingsDialog>();
        services.AddSingleton<Dialog, BookingAnswerDialog>();
        return builder;
    }

    /// <summary>The service mailbox from <c>Graph:ServiceMailbox</c>, or from <c>Booking:ServiceMailbox</c> as the infrastructure sets it.</summary>
    public static string? ConfiguredServiceMailbox(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new[]
        {
            configuration[$"{GraphCalendarOptions.SectionName}:{nameof(GraphCalendarOptions.ServiceMailbox)}"],
            configuration[$"{BookingOptions.SectionName}:{nameof(BookingOptions.ServiceMailbox)}"],
        }.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim();
    }

    private static bool IsGraphConfigured(IConfiguration configuration) => ConfiguredServiceMailbox(configuration) is not null;

    // Never inlined: compiling AddBooking must not load the Graph SDK in hosts on the local calendar.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddGraphCalendar(IHostApplicationBuilder builder)
    {
        var mailbox = ConfiguredServiceMailbox(builder.Configuration)!;
        builder.Services.AddOptions<GraphCalendarOptions>()
            .BindConfiguration(GraphCalendarOptions.SectionName)
            .PostConfigure(o => o.ServiceMailbox = string.IsNullOrWhiteSpace(o.ServiceMailbox) ? mailbox : o.ServiceMailbox)
            .ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback),
                "Graph:BaseUrl must be an https URL, e.g. https://graph.microsoft.com/v1.0.")
            .ValidateOnStart();

        var clientId = builder.Configuration["AZURE_CLIENT_ID"];
        builder.Services.TryAddSingleton(_ => new GraphCredential(Credential(clientId)));
        builder.Services.TryAddSingleton(sp => GraphClients.Create(
            sp.GetRequiredService<GraphCredential>().Credential,
            sp.GetRequiredService<IOptions<GraphCalendarOptions>>().Value.BaseUrl));
        builder.Services.TryAddSingleton<ICalendarProvider, GraphCalendarProvider>();
        builder.Services.TryAddSingleton<ConfidantBot.Roster.InvitationAddresses.IInvitationAddressNotifier, GraphInvitationAddressNotifier>();
    }

    // The app runs as its user-assigned managed identity in Azure; elsewhere the developer's sign-in.
    private static TokenCredential Credential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));

    private static void AddLocalCalendar(IHostApplicationBuilder builder)
    {
        var databasePath = Path.Combine(builder.ResolveDataDirectory(), LocalCalendarFileName);
        builder.Services.TryAddSingleton(sp => new LocalCalendarStore(
            new SqliteStorage(new SqliteStorageOptions { DatabasePath = databasePath }, sp.GetRequiredService<TimeProvider>())));
        builder.Services.TryAddSingleton<LocalCalendarProvider>();
        builder.Services.TryAddSingleton<ICalendarProvider>(sp => sp.GetRequiredService<LocalCalendarProvider>());
        builder.Services.TryAddSingleton<ConfidantBot.Roster.InvitationAddresses.LocalInvitationAddressNotifier>();
        builder.Services.TryAddSingleton<ConfidantBot.Roster.InvitationAddresses.IInvitationAddressNotifier>(sp => sp.GetRequiredService<ConfidantBot.Roster.InvitationAddresses.LocalInvitationAddressNotifier>());
    }
}
