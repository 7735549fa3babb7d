using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Dialogs.Prompts;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.BotFramework.Testing;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

public class PromptTests
{
    /// <summary>A one-prompt flow: asks, then reports what the prompt returned (or that attempts ran out).</summary>
    private static ComponentDialog Ask(Dialog prompt, Func<PromptOptions> options, Func<object?, string> report)
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog("flow",
        [
            (step, ct) => step.PromptAsync(prompt.Id, options(), ct),
            async (step, ct) =>
            {
                await step.Context.SendTextAsync(report(step.Result), ct);
                return await step.EndDialogAsync(step.Result, ct);
            },
        ]));
        root.AddDialog(prompt);
        return root;
    }

    // ---- Card form prompt ----

    private static Attachment PseudonymForm(string? value = null, string? error = null)
    {
        var body = new JsonArray { new JsonObject { ["type"] = "TextBlock", ["text"] = "Kies een schuilnaam", ["wrap"] = true } };
        if (error is not null)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = error, ["color"] = "attention", ["wrap"] = true });
        }

        var input = new JsonObject { ["type"] = "Input.Text", ["id"] = "pseudonym" };
        if (value is not null)
        {
            input["value"] = value;
        }

        body.Add(input);
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.Submit", ["title"] = "Verstuur", ["data"] = new JsonObject { ["form"] = "pseudonym" } } },
        };
        return Attachment.AdaptiveCard(JsonSerializer.SerializeToElement(card));
    }

    private static Task<bool> ValidateForm(PromptValidatorContext<JsonObject> prompt, CancellationToken ct)
    {
        var value = prompt.Recognized.Value?["pseudonym"]?.GetValue<string>() ?? string.Empty;
        if (value.Length is >= 2 and <= 20 && value.All(char.IsLetter))
        {
            return Task.FromResult(true);
        }

        CardFormPrompt.RetryWithCard(prompt, PseudonymForm(value, "Alleen letters, 2 tot 20."));
        return Task.FromResult(false);
    }

    private static DialogTestClient FormClient() => new(Ask(
        new CardFormPrompt("form", ValidateForm),
        () => new PromptOptions { Prompt = Activity.CreateMessage(null, PseudonymForm()) },
        result => $"Ontvangen: {((JsonObject)result!)["pseudonym"]}"));

    [Fact]
    public async Task A_card_form_resends_the_validators_card_with_errors_and_accepts_a_corrected_submit()
    {
        var client = FormClient();
        Assert.Equal("Kies een schuilnaam [Verstuur]", (await client.SendActivityAsync("hoi")).Describe());

        var retry = await client.SendValueAsync(new { form = "pseudonym", pseudonym = "M3rel!" });
        Assert.Equal("Kies een schuilnaam Alleen letters, 2 tot 20. {M3rel!} [Verstuur]", retry.Describe());

        var accepted = await client.SendValueAsync(new { form = "pseudonym", pseudonym = "Merel" });
        Assert.Equal("Ontvangen: Merel", accepted.Describe());
        Assert.Equal(DialogTurnStatus.Complete, client.LastResult!.Status);
    }

    [Fact]
    public async Task Typing_instead_of_submitting_the_form_shows_the_original_form_again()
    {
        var client = FormClient();
        await client.SendActivityAsync("hoi");

        Assert.Equal("Kies een schuilnaam [Verstuur]", (await client.SendActivityAsync("Merel")).Describe());
    }

    [Fact]
    public async Task A_card_form_accepts_an_action_execute_invoke_and_answers_it_in_the_invoke_response()
    {
        var client = FormClient();
        await client.SendActivityAsync("hoi");

        var invalid = await client.SendInvokeAsync(new { pseudonym = "x" });
        Assert.Empty(invalid);
        var body = JsonSerializer.SerializeToNode(client.LastInvokeResponse!.Body, BotJson.Options)!;
        Assert.Equal(Attachment.AdaptiveCardContentType, body["type"]!.GetValue<string>());
        Assert.Contains("Alleen letters, 2 tot 20.", body["value"]!.ToJsonString(), StringComparison.Ordinal);

        var valid = await client.SendInvokeAsync(new { pseudonym = "Merel" });
        Assert.Equal("Ontvangen: Merel", valid.Describe());
        Assert.Equal(200, client.LastInvokeResponse!.Status);
        Assert.Equal("application/vnd.microsoft.activity.message", JsonSerializer.SerializeToNode(client.LastInvokeResponse.Body, BotJson.Options)!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_validators_retry_card_is_never_stored()
    {
        var storage = new MemoryStorage();
        var client = new DialogTestClient(Ask(
            new CardFormPrompt("form", ValidateForm),
            () => new PromptOptions { Prompt = Activity.CreateMessage(null, PseudonymForm()) },
            _ => "ok"), new DialogTestClientOptions { Storage = storage });
        await client.SendActivityAsync("hoi");
        await client.SendValueAsync(new { pseudonym = "Geheim123" });

        var stored = (await StoredState.DocumentAsync(storage))!.ToJsonString();
        Assert.DoesNotContain("Geheim123", stored, StringComparison.Ordinal);
    }

    // ---- Confirm prompt ----

    private static DialogTestClient ConfirmClient(string locale) => new(
        Ask(new ConfirmPrompt("confirm"), () => PromptOptions.FromText("Doorgaan?"), result => $"result={result}"),
        new DialogTestClientOptions()) { Locale = locale };

    [Theory]
    [InlineData("nl-NL", "ja", "True")]
    [InlineData("nl-NL", "Nee.", "False")]
    [InlineData("nl-NL", "J", "True")]
    [InlineData("en-GB", "yes", "True")]
    [InlineData("en-GB", "No", "False")]
    [InlineData("en-GB", "nee", "False")]
    public async Task Confirm_understands_typed_yes_and_no(string locale, string typed, string expected)
    {
        var client = ConfirmClient(locale);
        await client.SendActivityAsync("start");

        Assert.Equal($"result={expected}", (await client.SendActivityAsync(typed)).Describe());
    }

    [Theory]
    [InlineData("nl-NL", "Doorgaan? [Ja] [Nee]")]
    [InlineData("en-US", "Doorgaan? [Yes] [No]")]
    public async Task Confirm_buttons_follow_the_locale(string locale, string expected)
    {
        var client = ConfirmClient(locale);

        Assert.Equal(expected, (await client.SendActivityAsync("start")).Describe());
    }

    [Theory]
    [InlineData("ja hoor, maar eerst iets anders")]
    [InlineData("nee tenzij")]
    [InlineData("")]
    public async Task Confirm_asks_again_for_anything_but_a_whole_yes_or_no(string typed)
    {
        var client = ConfirmClient("nl-NL");
        await client.SendActivityAsync("start");

        Assert.Equal("Doorgaan? [Ja] [Nee]", (await client.SendActivityAsync(typed)).Describe());
    }

    [Fact]
    public async Task Confirm_accepts_its_buttons()
    {
        var client = ConfirmClient("nl-NL");
        await client.SendActivityAsync("start");

        Assert.Equal("result=False", (await client.SendValueAsync(new { confirm = false })).Describe());
    }

    // ---- Choice prompt styles, max attempts ----

    private static readonly Choice[] Colours = [new("r", "Rood"), new("g", "Groen")];

    [Fact]
    public async Task A_list_style_choice_prompt_numbers_the_choices_and_accepts_a_number()
    {
        var client = new DialogTestClient(Ask(
            new ChoicePrompt("colour"),
            () => new PromptOptions { Prompt = Activity.CreateMessage("Welke kleur?"), Choices = Colours, Style = ListStyle.List },
            result => $"gekozen: {((FoundChoice)result!).Id}"));

        Assert.Equal("Welke kleur?\n\n1. Rood\n2. Groen", (await client.SendActivityAsync("start")).Describe());
        Assert.Equal("gekozen: g", (await client.SendActivityAsync("2")).Describe());
    }

    [Fact]
    public async Task After_max_attempts_the_step_gets_no_result()
    {
        var client = new DialogTestClient(Ask(
            new ChoicePrompt("colour"),
            () => new PromptOptions { Prompt = Activity.CreateMessage("Welke kleur?"), Choices = Colours, MaxAttempts = 2 },
            result => result is null ? "te veel pogingen" : "gekozen"));
        await client.SendActivityAsync("start");

        Assert.Equal("Welke kleur? [Rood] [Groen]", (await client.SendActivityAsync("blauw")).Describe());
        Assert.Equal("te veel pogingen", (await client.SendActivityAsync("paars")).Describe());
    }

    [Fact]
    public async Task A_choice_prompt_without_choices_is_a_programming_error_caught_at_begin()
    {
        var client = new DialogTestClient(Ask(new ChoicePrompt("colour"), () => PromptOptions.FromText("Welke kleur?"), _ => "x"));

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendActivityAsync("start"));
    }

    [Fact]
    public async Task A_text_prompt_validator_may_answer_itself_instead_of_the_retry_prompt()
    {
        var prompt = new TextPrompt("code", async (ctx, ct) =>
        {
            if (ctx.Recognized.Value == "1234")
            {
                return true;
            }

            await ctx.Context.SendTextAsync($"Poging {ctx.AttemptCount}: vier cijfers graag.", ct);
            return false;
        });
        var client = new DialogTestClient(Ask(prompt, () => PromptOptions.FromText("Code?"), r => $"code {r}"));
        await client.SendActivityAsync("start");

        Assert.Equal("Poging 1: vier cijfers graag.", (await client.SendActivityAsync("12")).Describe());
        Assert.Equal("Poging 2: vier cijfers graag.", (await client.SendActivityAsync("abc")).Describe());
        Assert.Equal("code 1234", (await client.SendActivityAsync(" 1234 ")).Describe());
    }

    [Fact]
    public async Task Prompt_cards_are_valid_adaptive_cards_1_5()
    {
        var confirm = (await ConfirmClient("nl-NL").SendActivityAsync("start")).Single().Attachments!.Single();
        var choice = PromptCards.ButtonCard("Welke kleur?", Colours.Select(c => (c.Title, new JsonObject { ["choice"] = c.Id })));

        foreach (var card in new[] { confirm, choice })
        {
            Assert.Equal(Attachment.AdaptiveCardContentType, card.ContentType);
            AdaptiveCardSchema.AssertValid(card.Content!.Value);
        }
    }

    [Fact]
    public void The_card_schema_check_rejects_a_broken_card()
    {
        var broken = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.Submit", ["title"] = 42 } },
        });

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AdaptiveCardSchema.AssertValid(broken));
    }
}
