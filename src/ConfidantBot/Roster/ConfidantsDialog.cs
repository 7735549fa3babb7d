using System.Globalization;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Roster;

/// <summary>Begins <see cref="ConfidantsDialog"/> (or data <c>{"audience":"Council"}</c>); without an audience the person is asked once.</summary>
public sealed record ConfidantsOptions(Audience? Audience = null);

/// <summary>
/// "Who can I talk to?": the active confidants for the person's audience, each with bio,
/// languages and internal/external (explained, including the reporting duty of art. 162 Sv),
/// and a button that starts a booking: <c>{"command":"book","confidantId":"…","audience":"…"}</c>.
/// </summary>
public sealed class ConfidantsDialog : ComponentDialog
{
    public new const string Id = "confidants";

    /// <summary>The intent the booking button sends; the root begins the booking with it.</summary>
    public const string BookCommand = "book";

    private const string StepsId = "confidants.steps";
    private const string AudiencePromptId = "confidants.audience";

    private readonly RosterStore _store;

    public ConfidantsDialog(RosterStore store)
        : base(Id)
    {
        _store = store;
        AddDialog(new WaterfallDialog(StepsId, [AskAudienceAsync, ShowAsync]));
        AddDialog(new ChoicePrompt(AudiencePromptId));
    }

    /// <summary>The card listing <paramref name="confidants"/> for <paramref name="audience"/>, in the chat's language.</summary>
    public static Activity Card(CultureInfo culture, Audience audience, IReadOnlyList<Confidant> confidants)
    {
        if (confidants.Count == 0)
        {
            return Activity.CreateMessage(Texts.Get(culture, "roster.confidants.none"));
        }

        var items = confidants.Select(confidant => CardTemplates.Bind("Roster", "confidant-item", new CardValues()
            .Set("name", confidant.DisplayName)
            .Set("kindLine", $"{RosterNames.Kind(culture, confidant.Kind)} · {confidant.Organisation}")
            .Set("bio", confidant.Bio.For(culture.Name))
            .Set("languages", Texts.Format(culture, "roster.confidants.languages", RosterNames.Languages(culture, confidant.Languages)))
            .Set("bookTitle", Texts.Format(culture, "roster.confidants.book", confidant.DisplayName))
            .Set("id", confidant.Id)
            .Set("audience", audience.ToString()), culture));
        return Activity.CreateMessage(null, CardTemplates.Card("Roster", "confidants", new CardValues().SetList("confidants", items), culture));
    }

    private static CultureInfo Culture(ITurnContext turn) => Locales.FromActivityLocale(turn.Activity.Locale);

    private static async Task<DialogTurnResult> AskAudienceAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (AudienceOf(step.Options) is { } audience)
        {
            return await step.NextAsync(new FoundChoice(new Choice(audience.ToString(), audience.ToString()), 0), cancellationToken).ConfigureAwait(false);
        }

        var culture = Culture(step.Context);
        var choices = new[] { Audience.Employees, Audience.Council, Audience.College }
            .Select(choice => new Choice(choice.ToString(), Texts.Get(culture, "roster.confidants.choice." + choice.ToString().ToLowerInvariant()), [RosterNames.Audience(culture, choice)]))
            .ToList();
        return await step.PromptAsync(AudiencePromptId, new PromptOptions
        {
            Prompt = Activity.CreateMessage(Texts.Get(culture, "roster.confidants.askAudience")),
            Choices = choices,
        }, cancellationToken).ConfigureAwait(false);
    }

    // The root may begin this with a button's data as it is: read only a known audience name from it.
    private static Audience? AudienceOf(JsonNode? options)
        => options?["audience"] is JsonValue value && value.TryGetValue<string>(out var name) && Enum.GetNames<Audience>().Contains(name, StringComparer.Ordinal)
            ? Enum.Parse<Audience>(name)
            : null;

    private async Task<DialogTurnResult> ShowAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not FoundChoice choice || !Enum.TryParse<Audience>(choice.Id, out var audience))
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var confidants = await _store.ListForAudienceAsync(audience, cancellationToken).ConfigureAwait(false);
        await step.Context.SendActivityAsync(Card(Culture(step.Context), audience, confidants), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(audience, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The booking button's data, for the root that recognises it.</summary>
    public static JsonObject BookData(string confidantId, Audience audience)
        => new() { ["command"] = BookCommand, ["confidantId"] = confidantId, ["audience"] = audience.ToString() };
}
