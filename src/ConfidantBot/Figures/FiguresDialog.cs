using System.Globalization;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;
using ConfidantBot.Figures.YearlyReport;
using ConfidantBot.Hosting;
using ConfidantBot.Roster;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Figures;

/// <summary>
/// HR admins and figure readers choose a year, then a month or the whole year, and get the protected
/// report card with a bar chart and the CSV. Anyone else gets a polite refusal; the check is repeated
/// before every step, so a right withdrawn mid-conversation takes effect at once. State holds the year only.
/// </summary>
public sealed partial class FiguresDialog : ComponentDialog
{
    public new const string Id = "figures";

    /// <summary>The period choice that means the whole year (the months are "1".."12").</summary>
    public const string WholeYearChoice = "year";

    /// <summary>The period choices of the half years.</summary>
    public const string FirstHalfChoice = "h1";
    public const string SecondHalfChoice = "h2";

    private const string ChoicePromptId = "figures.choice";
    private const string YearValue = "year";

    private readonly IFigureReaderAuthorizer _authorizer;
    private readonly FiguresReportBuilder _reports;
    private readonly ILogger<FiguresDialog> _logger;
    private readonly ReportLinks? _links;
    private readonly string? _documentBase;

    public FiguresDialog(IFigureReaderAuthorizer authorizer, FiguresReportBuilder reports, ILogger<FiguresDialog> logger, ReportLinks? links = null, IOptions<FiguresOptions>? options = null, IOptions<BotOptions>? bot = null)
        : base(Id)
    {
        _links = links;

        // Teams needs the bot's public address; the local page opens a link relative to itself.
        _documentBase = options?.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') + "/"
            : bot?.Value.IsLocalMode == true ? "/"
            : null;
        _authorizer = authorizer;
        _reports = reports;
        _logger = logger;
        AddDialog(new WaterfallDialog("figures.flow", [AskYearAsync, AskPeriodAsync, ShowReportAsync]));
        AddDialog(new ChoicePrompt(ChoicePromptId));
    }

    private async Task<DialogTurnResult> AskYearAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (await RefuseUnlessReaderAsync(step, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var culture = CultureOf(step);
        IReadOnlyList<int> years;
        try
        {
            years = await _reports.YearsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return await UnavailableAsync(step, exception, cancellationToken).ConfigureAwait(false);
        }

        if (years.Count == 0)
        {
            await step.Context.SendTextAsync(Texts.Get(culture, "figures.none"), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var choices = years.Select(y => y.ToString(CultureInfo.InvariantCulture)).Select(y => (Id: y, Title: y)).ToList();
        return await PromptAsync(step, Texts.Get(culture, "figures.chooseYear.prompt"), choices, yearNotEnded: false, culture, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> AskPeriodAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not FoundChoice chosen || !int.TryParse(chosen.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (await RefuseUnlessReaderAsync(step, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        step.SetValue(YearValue, year);
        var culture = CultureOf(step);
        var yearEnded = _reports.YearHasEnded(year);
        var choices = _reports.EndedMonths(year)
            .Select(m => (Id: m.ToString(CultureInfo.InvariantCulture), Title: FiguresTexts.PeriodName(year, m, culture)))
            .ToList();
        // The whole year and the half years first: they carry the category counts, which months do not.
        var halves = _reports.EndedHalves(year).Select(half => (Id: HalfChoice(half), Title: Texts.Get(culture, $"figures.choose.half{half}")));
        choices.InsertRange(0, yearEnded ? [(WholeYearChoice, Texts.Get(culture, "figures.choose.wholeYear")), .. halves] : halves);

        return await PromptAsync(step, Texts.Get(culture, "figures.choosePeriod.prompt"), choices, !yearEnded, culture, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ShowReportAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not FoundChoice chosen)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (await RefuseUnlessReaderAsync(step, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var year = step.GetValue<int>(YearValue);
        var period = chosen.Id switch
        {
            WholeYearChoice => ReportPeriod.WholeYear(year),
            FirstHalfChoice => ReportPeriod.Half(year, 1),
            SecondHalfChoice => ReportPeriod.Half(year, 2),
            var month => ReportPeriod.Month(year, int.Parse(month, NumberStyles.None, CultureInfo.InvariantCulture)),
        };
        var culture = CultureOf(step);
        FiguresReport report;
        try
        {
            report = await _reports.BuildAsync(period, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return await UnavailableAsync(step, exception, cancellationToken).ConfigureAwait(false);
        }

        var chart = FiguresChart.RenderPng(FiguresChart.ModelFor(report, culture));
        string? documentUrl = null;
        if (period.Kind == ReportPeriodKind.Year && _links is not null && _documentBase is not null)
        {
            // The printable yearly overview: a short-lived, unguessable link the host serves (nothing about the reader in it).
            try
            {
                documentUrl = _documentBase + ReportLinks.PathFor(await _links.CreateAsync(year, culture.Name, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The card and the CSV still go out; only the printable version is missing this time.
                LogUnavailable(_logger, exception.GetType().Name);
            }
        }

        var card = Activity.CreateMessage(null, FiguresCards.Report(report, chart, culture, documentUrl));
        card.Summary = FiguresTexts.PeriodTitle(report, culture);
        await step.Context.SendActivityAsync(card, cancellationToken).ConfigureAwait(false);

        // A message of its own, so the card stays within Teams' message size and the file stands out.
        await step.Context.SendActivityAsync(Activity.CreateMessage(null, FiguresCsv.Attachment(report, culture)), cancellationToken).ConfigureAwait(false);
        LogReported(_logger, period.Kind.ToString().ToLowerInvariant());
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult?> RefuseUnlessReaderAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var activity = step.Context.Activity;
        if (await _authorizer.CanReadFiguresAsync(activity.TenantId, activity.From?.AadObjectId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        LogRefused(_logger);
        await step.Context.SendTextAsync(Texts.Get(CultureOf(step), "figures.refused"), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private static string HalfChoice(int half) => half == 1 ? FirstHalfChoice : SecondHalfChoice;

    private static Task<DialogTurnResult> PromptAsync(WaterfallStepContext step, string prompt, IReadOnlyList<(string Id, string Title)> choices, bool yearNotEnded, CultureInfo culture, CancellationToken cancellationToken)
    {
        var card = Activity.CreateMessage(null, FiguresCards.Choose(prompt, choices, yearNotEnded, culture));
        card.Summary = prompt;
        return step.PromptAsync(ChoicePromptId, new PromptOptions
        {
            Prompt = card,
            Choices = [.. choices.Select(c => new Choice(c.Id, c.Title))],
            Style = ListStyle.None,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> UnavailableAsync(WaterfallStepContext step, Exception exception, CancellationToken cancellationToken)
    {
        LogUnavailable(_logger, exception.GetType().Name);
        await step.Context.SendTextAsync(Texts.Get(CultureOf(step), "figures.unavailable"), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    private static CultureInfo CultureOf(WaterfallStepContext step) => Locales.FromActivityLocale(step.Context.Activity.Locale);

    [LoggerMessage(EventId = 911, Level = LogLevel.Information, Message = "Figures were asked for by someone who is neither an HR admin nor a figure reader; refused.")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(EventId = 912, Level = LogLevel.Information, Message = "An HR admin or figure reader was shown a {Period} figures report.")]
    private static partial void LogReported(ILogger logger, string period);

    [LoggerMessage(EventId = 913, Level = LogLevel.Warning, Message = "Figures could not be read ({ExceptionType}); the reader was asked to try later.")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
