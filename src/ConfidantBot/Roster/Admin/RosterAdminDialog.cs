using System.Globalization;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Roster.Admin;

/// <summary>
/// HR's roster administration: the list (active and inactive), add and edit through a card form,
/// deactivate and reactivate, route contacts, export and import. Every action asks
/// <see cref="IHrAdminAuthorizer"/> again; anyone else gets a polite refusal and nothing changes.
/// Begin it with <see cref="RosterAdminOptions"/>, or while handling a card submit that carries
/// <c>rosterAdmin</c> (that command is then run).
/// </summary>
public sealed class RosterAdminDialog : ComponentDialog
{
    public new const string Id = "rosterAdmin";

    private const string MainId = "rosterAdmin.main";
    private const string ConfidantFormId = "rosterAdmin.confidantForm";
    private const string ConfidantPromptId = "rosterAdmin.confidantForm.prompt";
    private const string ContactFormId = "rosterAdmin.contactForm";
    private const string ContactPromptId = "rosterAdmin.contactForm.prompt";
    private const string ImportFormId = "rosterAdmin.importForm";
    private const string ImportPromptId = "rosterAdmin.importForm.prompt";

    private static readonly RosterAdminOptions ShowList = new("list");

    private readonly RosterStore _store;
    private readonly AdminGate _gate;

    public RosterAdminDialog(RosterStore store, IHrAdminAuthorizer authorizer)
        : base(Id)
    {
        _store = store;
        _gate = new AdminGate(authorizer);
        AddDialog(new WaterfallDialog(MainId, [ShowAsync, ActAsync, AfterFormAsync]));
        AddDialog(new WaterfallDialog(ConfidantFormId, [OpenConfidantFormAsync, AfterFormPromptAsync]));
        AddDialog(new CardFormPrompt(ConfidantPromptId, SaveConfidantAsync));
        AddDialog(new WaterfallDialog(ContactFormId, [OpenContactFormAsync, AfterFormPromptAsync]));
        AddDialog(new CardFormPrompt(ContactPromptId, SaveContactAsync));
        AddDialog(new WaterfallDialog(ImportFormId, [OpenImportFormAsync, AfterFormPromptAsync]));
        AddDialog(new CardFormPrompt(ImportPromptId, ImportAsync));
        InitialDialogId = MainId;
    }

    private static CultureInfo Culture(ITurnContext turn) => Locales.FromActivityLocale(turn.Activity.Locale);

    private static Task SendAsync(ITurnContext turn, string text, CancellationToken cancellationToken)
        => turn.SendActivityAsync(Activity.CreateMessage(text), cancellationToken);

    private static async Task<DialogTurnResult> RefuseAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        await AdminGate.RefuseAsync(dc.Context, cancellationToken).ConfigureAwait(false);
        return await dc.CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
    }

    // ── The list and the commands ────────────────────────────────────────────────────────────

    private async Task<DialogTurnResult> ShowAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = RosterAdminOptions.FromSubmitted(step.Options as JsonObject);

        // Without options the dialog was begun from outside, perhaps by the root for a card button: run that button's command.
        // Inside, the list is always shown with explicit options, so a button is never run twice.
        options ??= step.Options is null ? RosterAdminOptions.FromSubmitted(SubmittedData.Get(step.Context.Activity)) : null;

        if (await _gate.AdminIdAsync(step.Context, cancellationToken).ConfigureAwait(false) is null)
        {
            return await RefuseAsync(step, cancellationToken).ConfigureAwait(false);
        }

        switch (options?.Command)
        {
            case null or "list":
                await step.Context.SendActivityAsync(RosterAdminCards.RosterList(Culture(step.Context), await _store.ReadAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                return Dialog.EndOfTurn;
            case "contacts":
                await step.Context.SendActivityAsync(RosterAdminCards.ContactList(Culture(step.Context), await _store.ReadAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                return Dialog.EndOfTurn;
            default:
                return await step.NextAsync(options, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> ActAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var command = step.Result switch
        {
            RosterAdminOptions options => options,
            JsonObject submitted => RosterAdminOptions.FromSubmitted(submitted),
            _ => null,
        };

        var adminId = await _gate.AdminIdAsync(step.Context, cancellationToken).ConfigureAwait(false);
        if (adminId is null)
        {
            return await RefuseAsync(step, cancellationToken).ConfigureAwait(false);
        }

        var culture = Culture(step.Context);
        switch (command?.Command)
        {
            case "list":
                return await step.ReplaceDialogAsync(MainId, ShowList, cancellationToken).ConfigureAwait(false);
            case "contacts":
                return await step.ReplaceDialogAsync(MainId, new RosterAdminOptions("contacts"), cancellationToken).ConfigureAwait(false);
            case "done":
                await SendAsync(step.Context, Texts.Get(culture, "roster.admin.closed"), cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            case "add":
                return await step.BeginDialogAsync(ConfidantFormId, new RosterAdminOptions("add"), cancellationToken).ConfigureAwait(false);
            case "edit":
                return await step.BeginDialogAsync(ConfidantFormId, new RosterAdminOptions("edit", command.RecordId), cancellationToken).ConfigureAwait(false);
            case "deactivate" when await WarnLastConfidantAsync(step.Context, command, cancellationToken).ConfigureAwait(false):
                // The warning's buttons carry their own command; until one is pressed nothing changes.
                return Dialog.EndOfTurn;
            case "deactivate" or "reactivate":
                await SetActiveAsync(step.Context, command, adminId, cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(MainId, ShowList, cancellationToken).ConfigureAwait(false);
            case "confirmDeactivate":
                await SetActiveAsync(step.Context, command with { Command = "deactivate" }, adminId, cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(MainId, ShowList, cancellationToken).ConfigureAwait(false);
            case "contact":
                return await step.BeginDialogAsync(ContactFormId, new RosterAdminOptions("contact", Key: command.Key), cancellationToken).ConfigureAwait(false);
            case "export":
                await step.Context.SendActivityAsync(RosterAdminCards.Export(culture, await _store.ReadAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(MainId, ShowList, cancellationToken).ConfigureAwait(false);
            case "import":
                return await step.BeginDialogAsync(ImportFormId, null, cancellationToken).ConfigureAwait(false);
            case "cancel":
                return await step.ReplaceDialogAsync(MainId, ShowList, cancellationToken).ConfigureAwait(false);
            case "save" or "saveContact" or "importRoster":
                // A form from an earlier turn whose dialog has ended: saving it now could overwrite blindly.
                await SendAsync(step.Context, Texts.Get(culture, "roster.admin.formClosed"), cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(MainId, ShowList, cancellationToken).ConfigureAwait(false);
            default:
                await SendAsync(step.Context, Texts.Get(culture, "roster.admin.unknown"), cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(MainId, ShowList, cancellationToken).ConfigureAwait(false);
        }
    }

    // After a form: its next step. After the last-confidant warning: the button pressed on it (confirm, or back to the list).
    private static Task<DialogTurnResult> AfterFormAsync(WaterfallStepContext step, CancellationToken cancellationToken)
        => step.ReplaceDialogAsync(MainId, step.Result as RosterAdminOptions ?? RosterAdminOptions.FromSubmitted(step.Result as JsonObject) ?? ShowList, cancellationToken);

    /// <summary>
    /// Deactivating the last active confidant of an audience leaves those people without anyone to
    /// see or book: ask first, naming who. True when the warning was sent (nothing changed yet).
    /// A stale or unknown record is left to <see cref="SetActiveAsync"/>, which says so.
    /// </summary>
    private async Task<bool> WarnLastConfidantAsync(ITurnContext turn, RosterAdminOptions command, CancellationToken cancellationToken)
    {
        var roster = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var current = roster.Confidants.FirstOrDefault(confidant => confidant.Id == command.RecordId);
        if (current is not { Active: true } || current.Version != command.Version)
        {
            return false;
        }

        var orphaned = current.Audiences.Distinct()
            .Where(audience => !roster.Confidants.Any(other => other.Id != current.Id && other.Active && other.Audiences.Contains(audience)))
            .Order()
            .ToList();
        if (orphaned.Count == 0)
        {
            return false;
        }

        var culture = Culture(turn);
        var and = Texts.Get(culture, "roster.lastConfidant.and");
        string Join(IEnumerable<string> parts)
        {
            var list = parts.ToList();
            return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + and + list[^1];
        }

        var warning = Texts.Format(culture, "roster.lastConfidant.warning",
            current.DisplayName,
            Join(orphaned.Select(audience => RosterNames.Audience(culture, audience))),
            Join(orphaned.Select(audience => Texts.Get(culture, "roster.who." + audience.ToString().ToLowerInvariant()))));
        var card = CardTemplates.Card("Roster", "deactivate-warning", new CardValues()
            .Set("warning", warning)
            .Set("id", current.Id)
            .Set("version", current.Version.ToString(CultureInfo.InvariantCulture)), culture);
        await turn.SendActivityAsync(Activity.CreateMessage(null, card), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task SetActiveAsync(ITurnContext turn, RosterAdminOptions command, string adminId, CancellationToken cancellationToken)
    {
        var culture = Culture(turn);
        var active = command.Command == "reactivate";
        var current = command.RecordId is null ? null : await _store.FindAsync(command.RecordId, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            await SendAsync(turn, Texts.Get(culture, "roster.notFound"), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var saved = await _store.SetActiveAsync(current.Id, active, command.Version ?? -1, adminId, cancellationToken).ConfigureAwait(false);
            await SendAsync(turn, Texts.Format(culture, active ? "roster.reactivated" : "roster.deactivated", saved.DisplayName), cancellationToken).ConfigureAwait(false);
        }
        catch (RosterConflictException)
        {
            await SendAsync(turn, Texts.Format(culture, "roster.conflict.list", current.DisplayName), cancellationToken).ConfigureAwait(false);
        }
        catch (RosterValidationException)
        {
            await SendAsync(turn, Texts.Get(culture, "roster.notFound"), cancellationToken).ConfigureAwait(false);
        }
    }

    // ── Forms: the prompt's validator saves, so a refused save re-shows the form with the input kept ──

    private static async Task<DialogTurnResult> AfterFormPromptAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var outcome = FormOutcome.Get(step.Context);
        var culture = Culture(step.Context);
        switch (outcome.Kind)
        {
            case FormOutcomeKind.Refused:
                return await RefuseAsync(step, cancellationToken).ConfigureAwait(false);
            case FormOutcomeKind.NotFound:
                await SendAsync(step.Context, Texts.Get(culture, "roster.notFound"), cancellationToken).ConfigureAwait(false);
                break;
            case FormOutcomeKind.Saved when outcome.Name is not null:
                await SendAsync(step.Context, outcome.Name, cancellationToken).ConfigureAwait(false);
                break;
        }

        return await step.EndDialogAsync(outcome.Next, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The submitted form and the admin who saves it. Anything else (no form, cancel, another admin
    /// button, someone who is no longer an admin) is settled here and has no <see cref="SaveRequest.AdminId"/>.
    /// </summary>
    private async Task<SaveRequest> ReadSaveAsync(PromptValidatorContext<JsonObject> prompt, string saveCommand, CancellationToken cancellationToken)
    {
        if (!prompt.Recognized.Succeeded || prompt.Recognized.Value is not { } submitted || HandledAsOtherButton(prompt, saveCommand))
        {
            return default;
        }

        var adminId = await _gate.AdminIdAsync(prompt.Context, cancellationToken).ConfigureAwait(false);
        if (adminId is null)
        {
            FormOutcome.Set(prompt.Context, new FormOutcome(FormOutcomeKind.Refused));
        }

        return new SaveRequest(submitted, adminId);
    }

    private readonly record struct SaveRequest(JsonObject? Submitted, string? AdminId)
    {
        /// <summary>The validator's answer when the turn was not a save: true ends the prompt (the outcome says what next).</summary>
        public static bool AnswerOf(PromptValidatorContext<JsonObject> prompt) => prompt.Recognized.Succeeded && prompt.Recognized.Value is not null;
    }

    /// <summary>True when the submit was not this form's save: cancel, or another admin button (run next).</summary>
    private static bool HandledAsOtherButton(PromptValidatorContext<JsonObject> prompt, string saveCommand)
    {
        var submitted = RosterAdminOptions.FromSubmitted(prompt.Recognized.Value);
        if (submitted is null || submitted.Command == saveCommand)
        {
            return false;
        }

        var returnTo = saveCommand == "saveContact" ? new RosterAdminOptions("contacts") : null;
        FormOutcome.Set(prompt.Context, submitted.Command == "cancel"
            ? new FormOutcome(FormOutcomeKind.Cancelled, Next: returnTo)
            : new FormOutcome(FormOutcomeKind.Redirect, Next: submitted));
        return true;
    }

    private async Task<DialogTurnResult> OpenConfidantFormAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (await _gate.AdminIdAsync(step.Context, cancellationToken).ConfigureAwait(false) is null)
        {
            return await RefuseAsync(step, cancellationToken).ConfigureAwait(false);
        }

        var options = RosterAdminOptions.FromSubmitted(step.Options as JsonObject) ?? new RosterAdminOptions("add");
        var culture = Culture(step.Context);
        Attachment card;
        if (options.Command == "edit")
        {
            var current = options.RecordId is null ? null : await _store.FindAsync(options.RecordId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                await SendAsync(step.Context, Texts.Get(culture, "roster.notFound"), cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            }

            card = ConfidantForm.Card(culture, FormMode.Edit, current.Id, current.Version, ConfidantForm.ValuesOf(current), []);
        }
        else
        {
            card = ConfidantForm.Card(culture, FormMode.Add, string.Empty, 0, ConfidantForm.Empty(), []);
        }

        return await step.PromptAsync(ConfidantPromptId, new PromptOptions { Prompt = Activity.CreateMessage(null, card) }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> SaveConfidantAsync(PromptValidatorContext<JsonObject> prompt, CancellationToken cancellationToken)
    {
        if (await ReadSaveAsync(prompt, "save", cancellationToken).ConfigureAwait(false) is not { Submitted: { } submitted, AdminId: { } adminId })
        {
            return SaveRequest.AnswerOf(prompt);
        }

        var turn = prompt.Context;

        var culture = Culture(turn);
        var mode = ConfidantForm.TextOf(submitted["mode"]) == nameof(FormMode.Edit) ? FormMode.Edit : FormMode.Add;
        var values = ConfidantForm.ValuesOf(submitted);
        var version = RosterAdminOptions.FromSubmitted(submitted)?.Version ?? 0;
        var existing = mode == FormMode.Edit ? await _store.FindAsync(ConfidantForm.TextOf(submitted["recordId"]), cancellationToken).ConfigureAwait(false) : null;
        if (mode == FormMode.Edit && existing is null)
        {
            FormOutcome.Set(turn, new FormOutcome(FormOutcomeKind.NotFound));
            return true;
        }

        var id = existing?.Id ?? values["id"].Trim();
        var (draft, errors) = ConfidantForm.Read(values, id, version, existing?.Active ?? true);
        if (errors.Count > 0)
        {
            CardFormPrompt.RetryWithCard(prompt, ConfidantForm.Card(culture, mode, existing?.Id ?? string.Empty, version, values, errors));
            return false;
        }

        try
        {
            var saved = mode == FormMode.Add
                ? await _store.AddAsync(draft, adminId, cancellationToken).ConfigureAwait(false)
                : await _store.UpdateAsync(draft, adminId, cancellationToken).ConfigureAwait(false);
            FormOutcome.Set(turn, new FormOutcome(FormOutcomeKind.Saved, Texts.Format(culture, mode == FormMode.Add ? "roster.saved.added" : "roster.saved.edited", saved.DisplayName)));
            return true;
        }
        catch (RosterValidationException invalid)
        {
            CardFormPrompt.RetryWithCard(prompt, ConfidantForm.Card(culture, mode, existing?.Id ?? string.Empty, version, values, invalid.Errors));
            return false;
        }
        catch (RosterConflictException)
        {
            // Nothing is lost: the other admin's version is saved, this admin's input is in the form again, now on the current version.
            var current = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                FormOutcome.Set(turn, new FormOutcome(FormOutcomeKind.NotFound));
                return true;
            }

            CardFormPrompt.RetryWithCard(prompt, ConfidantForm.Card(culture, FormMode.Edit, current.Id, current.Version, values, [], current));
            return false;
        }
    }

    private async Task<DialogTurnResult> OpenContactFormAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (await _gate.AdminIdAsync(step.Context, cancellationToken).ConfigureAwait(false) is null)
        {
            return await RefuseAsync(step, cancellationToken).ConfigureAwait(false);
        }

        var key = RosterAdminOptions.FromSubmitted(step.Options as JsonObject)?.Key;
        var roster = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (key is null || !(RouteContactKeys.All.Contains(key) || roster.Contacts.Any(contact => contact.Key == key)))
        {
            await SendAsync(step.Context, Texts.Get(Culture(step.Context), "roster.notFound"), cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(new RosterAdminOptions("contacts"), cancellationToken).ConfigureAwait(false);
        }

        var current = roster.Contacts.FirstOrDefault(contact => contact.Key == key);
        var card = ContactForm.Card(Culture(step.Context), key, current?.Version ?? 0, ContactForm.ValuesOf(current), []);
        return await step.PromptAsync(ContactPromptId, new PromptOptions { Prompt = Activity.CreateMessage(null, card) }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> SaveContactAsync(PromptValidatorContext<JsonObject> prompt, CancellationToken cancellationToken)
    {
        if (await ReadSaveAsync(prompt, "saveContact", cancellationToken).ConfigureAwait(false) is not { Submitted: { } submitted, AdminId: { } adminId })
        {
            return SaveRequest.AnswerOf(prompt);
        }

        var turn = prompt.Context;

        var culture = Culture(turn);
        var command = RosterAdminOptions.FromSubmitted(submitted)!;
        var key = command.Key ?? string.Empty;
        var version = command.Version ?? 0;
        var values = ContactForm.ValuesOf(submitted);
        var (draft, errors) = ContactForm.Read(values, key, version);
        if (errors.Count > 0)
        {
            CardFormPrompt.RetryWithCard(prompt, ContactForm.Card(culture, key, version, values, errors));
            return false;
        }

        try
        {
            await _store.SaveContactAsync(draft, adminId, cancellationToken).ConfigureAwait(false);
            FormOutcome.Set(turn, new FormOutcome(FormOutcomeKind.Saved, Texts.Format(culture, "roster.saved.contact", ContactForm.Label(culture, key)), new RosterAdminOptions("contacts")));
            return true;
        }
        catch (RosterValidationException invalid)
        {
            CardFormPrompt.RetryWithCard(prompt, ContactForm.Card(culture, key, version, values, invalid.Errors));
            return false;
        }
        catch (RosterConflictException)
        {
            var current = (await _store.ReadAsync(cancellationToken).ConfigureAwait(false)).Contacts.FirstOrDefault(contact => contact.Key == key);
            CardFormPrompt.RetryWithCard(prompt, ContactForm.Card(culture, key, current?.Version ?? 0, values, [], current));
            return false;
        }
    }

    private async Task<DialogTurnResult> OpenImportFormAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (await _gate.AdminIdAsync(step.Context, cancellationToken).ConfigureAwait(false) is null)
        {
            return await RefuseAsync(step, cancellationToken).ConfigureAwait(false);
        }

        var card = RosterAdminCards.ImportForm(Culture(step.Context), error: null);
        return await step.PromptAsync(ImportPromptId, new PromptOptions { Prompt = Activity.CreateMessage(null, card) }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ImportAsync(PromptValidatorContext<JsonObject> prompt, CancellationToken cancellationToken)
    {
        if (await ReadSaveAsync(prompt, "importRoster", cancellationToken).ConfigureAwait(false) is not { Submitted: { } submitted, AdminId: { } adminId })
        {
            return SaveRequest.AnswerOf(prompt);
        }

        var turn = prompt.Context;

        var culture = Culture(turn);
        string? problem;
        if (RosterJson.TryParse(ConfidantForm.TextOf(submitted["rosterJson"]), out var imported, out var parseError))
        {
            try
            {
                var saved = await _store.ImportAsync(imported, adminId, cancellationToken).ConfigureAwait(false);
                FormOutcome.Set(turn, new FormOutcome(FormOutcomeKind.Saved, Texts.Format(culture, "roster.import.done", saved.Confidants.Count, saved.Contacts.Count)));
                return true;
            }
            catch (RosterValidationException invalid)
            {
                var error = invalid.Errors[0];
                problem = ImportProblem(culture, new RosterImportError(error.Code, invalid.Section, invalid.EntryIndex, invalid.EntryId, RosterJson.JsonFieldName(error.Field)));
            }
        }
        else
        {
            problem = ImportProblem(culture, parseError!);
        }

        // The pasted text is not echoed back: HR still has it, and a large roster would not fit in a card twice.
        CardFormPrompt.RetryWithCard(prompt, RosterAdminCards.ImportForm(culture, problem));
        return false;
    }

    internal static string ImportProblem(CultureInfo culture, RosterImportError error)
    {
        var reason = error.Code switch
        {
            "import-json" => Texts.Format(culture, "roster.error.import-json", error.Line ?? 1),
            "import-shape" when error.EntryIndex is null => Texts.Format(culture, "roster.error.import-shape", error.Field ?? "confidants"),
            _ => Texts.Get(culture, "roster.error." + error.Code),
        };
        if (error.EntryIndex is null)
        {
            return Texts.Format(culture, "roster.import.failed", reason);
        }

        var section = Texts.Get(culture, error.Section == "contacts" ? "roster.import.sectionContacts" : "roster.import.sectionConfidants");
        return Texts.Format(culture, "roster.import.failedEntry", section, error.EntryIndex, error.EntryId ?? "?", error.Field ?? "?", reason);
    }
}
