using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.Figures.YearlyReport;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConfidantBot.Figures;

public static class FiguresExtensions
{
    /// <summary>
    /// Anonymous usage counters (<see cref="IUsageCounters"/>), the protected report builder and the
    /// <see cref="FiguresDialog"/> (id <c>figures</c>) for HR admins and the optional figure readers
    /// (<c>FigureReaders</c>: ids or an Entra group; they see figures, never the roster). Needs the
    /// storage step (an <see cref="BotFramework.Storage.IStorage"/>) and the roster step
    /// (<see cref="Roster.IHrAdminAuthorizer"/>). Sections <c>Figures</c> and <c>FigureReaders</c> are validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddFigures(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FiguresOptions>()
            .BindConfiguration(FiguresOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<FigureReaderOptions>()
            .BindConfiguration(FigureReaderOptions.SectionName)
            .Validate(options => options.ObjectIds.All(id => Guid.TryParse(id, out _)), "FigureReaders:ObjectIds must hold Entra object ids (GUIDs).")
            .Validate(options => string.IsNullOrWhiteSpace(options.GroupId) || Guid.TryParse(options.GroupId, out _), "FigureReaders:GroupId must be the Entra group's object id (a GUID).")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{FigureReaderOptions.SectionName}:GroupId"]))
        {
            Roster.RosterExtensions.AddGraphGroupCheck(services, builder.Configuration);
        }

        services.TryAddSingleton<IFigureReaderAuthorizer, FigureReaderAuthorizer>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IUsageCounters, UsageCounters>();
        services.TryAddSingleton<FiguresReportBuilder>();
        services.TryAddSingleton<YearlyReport.ReportLinks>();
        services.AddSingleton<Dialog, FiguresDialog>();
        return builder;
    }

    /// <summary><c>GET /figures/report/{token}</c>: the printable yearly overview behind a short-lived link from the figures conversation.</summary>
    public static IEndpointRouteBuilder MapFigures(this IEndpointRouteBuilder routes) => routes.MapYearlyReport();
}
