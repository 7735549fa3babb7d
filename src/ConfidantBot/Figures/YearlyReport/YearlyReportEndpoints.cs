using ConfidantBot.Presentation;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Figures.YearlyReport;

/// <summary>
/// <c>GET /figures/report/{token}</c>: the yearly overview as a printable page, for a live link from the
/// figures conversation (<see cref="ReportLinks"/>). No cookies, no caching, no outside resources
/// (the chart is inline), nothing a browser could send on to another site.
/// </summary>
public static partial class YearlyReportEndpoints
{
    public static IEndpointRouteBuilder MapYearlyReport(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/figures/report/{token}", ServeAsync);
        return routes;
    }

    private static async Task<IResult> ServeAsync(string token, HttpContext context, ReportLinks links, FiguresReportBuilder reports, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

        var target = await links.FindAsync(token, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return Results.Text(Texts.Get(Locales.Dutch, "figures.document.linkGone") + "\n" + Texts.Get(Locales.English, "figures.document.linkGone"), "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var culture = Locales.FromActivityLocale(target.Locale);
        FiguresReport report;
        try
        {
            report = await reports.BuildAsync(target.Year, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnavailable(loggers.CreateLogger(typeof(YearlyReportEndpoints)), exception.GetType().Name);
            return Results.Text(Texts.Get(culture, "figures.unavailable"), "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var chart = FiguresChart.RenderPng(FiguresChart.ModelFor(report, culture));
        var html = YearlyReportDocument.Html(report, chart, MadeOn(clock), culture);
        return Results.Content(html, YearlyReportDocument.ContentType);
    }

    // The report's period is the calendar year in Dutch time, so its date is too: the server's own zone (UTC on
    // App Service) would date a report made on New Year's night Amsterdam time in the year before.
    private static DateOnly MadeOn(TimeProvider clock) =>
        NodaTime.Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(UsageCounters.Amsterdam).Date.ToDateOnly();

    [LoggerMessage(EventId = 915, Level = LogLevel.Warning, Message = "The yearly report could not be built ({ExceptionType}); the page said to try later.")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
