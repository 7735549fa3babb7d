using Azure.Identity;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.Hosting;
using ConfidantBot.Roster.Admin;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ConfidantBot.Routes.Contacts;
using System.Runtime.CompilerServices;

namespace ConfidantBot.Roster;

public static class RosterExtensions
{
    /// <summary>
    /// The roster: <see cref="RosterStore"/>, who the HR admins are (<c>HrAdmins</c>; in local
    /// mode the local chat page's HR identity is added), <see cref="IHrAdminAuthorizer"/> (with a
    /// Graph group check when <c>HrAdmins:GroupId</c> is set), the guide's route contacts from the
    /// roster (<see cref="RosterRouteContactDirectory"/>), the dialogs <see cref="RosterAdminDialog"/>
    /// and <see cref="ConfidantsDialog"/>, and the demo roster seed for local mode. Needs an
    /// <c>IStorage</c> registration.
    /// </summary>
    public static IHostApplicationBuilder AddRoster(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var bot = configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RosterStore>();
        services.AddOptions<InvitationAddresses.InvitationAddressOptions>().BindConfiguration(InvitationAddresses.InvitationAddressOptions.SectionName);

        services.AddOptions<HrAdminOptions>()
            .BindConfiguration(HrAdminOptions.SectionName)
            .PostConfigure(options =>
            {
                if (bot.IsLocalMode && !options.ObjectIds.Contains(HrAdminOptions.LocalAdminObjectId, StringComparer.OrdinalIgnoreCase))
                {
                    options.ObjectIds.Add(HrAdminOptions.LocalAdminObjectId);
                }

                if (string.IsNullOrWhiteSpace(options.TenantId) && !string.IsNullOrWhiteSpace(bot.TenantId))
                {
                    options.TenantId = bot.TenantId;
                }
            })
            .Validate(options => options.ObjectIds.All(id => Guid.TryParse(id, out _)), "HrAdmins:ObjectIds must hold Entra object ids (GUIDs).")
            .Validate(options => string.IsNullOrWhiteSpace(options.GroupId) || Guid.TryParse(options.GroupId, out _), "HrAdmins:GroupId must be the Entra group's object id (a GUID).")
            .ValidateOnStart();

        if (!string.IsNullOrWhiteSpace(configuration[$"{HrAdminOptions.SectionName}:GroupId"]))
        {
            AddGraphGroupCheck(services, configuration);
        }

        services.TryAddSingleton<IHrAdminAuthorizer, HrAdminAuthorizer>();

        // HR's contacts replace the configuration-based default of AddRoutes, whichever step runs first.
        services.RemoveAll<IRouteContactDirectory>();
        services.AddSingleton<IRouteContactDirectory, RosterRouteContactDirectory>();
        services.AddSingleton<Dialog, RosterAdminDialog>();
        services.AddSingleton<Dialog, ConfidantsDialog>();
        services.AddHostedService<RosterSeeder>();
        services.AddHostedService<HrAdminConfigurationCheck>();
        return builder;
    }

    // A method of its own, never inlined: compiling AddRoster must not load the Graph SDK (about
    // 10 MB resident) in hosts that have no HR group.
    // Also used by the figures step for the figure readers' group.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void AddGraphGroupCheck(IServiceCollection services, IConfiguration configuration)
    {
        var bot = configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        // The group check needs Graph (GroupMember.Read.All); the booking step may have registered the same client already.
        var baseUrl = configuration["Graph:BaseUrl"] is { Length: > 0 } configured ? configured : "https://graph.microsoft.com/v1.0";
        services.TryAddSingleton(_ => GraphClients.Create(new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = bot.AppId }), baseUrl));
        services.TryAddSingleton<IHrGroupMembership, GraphGroupMembership>();
    }
}
