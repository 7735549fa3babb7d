using System.Globalization;
using System.Text.Json;
using ConfidantBot.Presentation;

namespace ConfidantBot.Tests.Templates;

/// <summary>Binding the shipped templates: placeholders, texts, conditions, lists and escaping.</summary>
public sealed class CardTemplatesTests
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private static CardValues RouteValues(string reason = "Omdat het past.") => new CardValues()
        .Set("id", "confidant")
        .Set("heading", "1. Vertrouwenspersoon")
        .Set("kind", "Intern")
        .Set("reason", reason)
        .Set("anonymityNote", "Let op");

    private static List<string> Texts(JsonElement card) =>
        [.. card.GetProperty("items").EnumerateArray().Where(item => item.GetProperty("type").GetString() == "TextBlock").Select(item => item.GetProperty("text").GetString()!)];

    private static List<string> ActionTitles(JsonElement card) =>
        [.. card.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("type").GetString() == "ActionSet")
            .GetProperty("actions").EnumerateArray().Select(action => action.GetProperty("title").GetString()!)];

    [Fact]
    public void Placeholders_take_the_values_and_texts_of_the_persons_language()
    {
        var dutch = CardTemplates.Bind("Routes", "result-route", RouteValues().Set("bookTitle", "Boek").Set("bookAudience", "Employees").Set("bookKind", "External").When("bookKind"), Dutch);
        var english = CardTemplates.Bind("Routes", "result-route", RouteValues().Set("bookTitle", "Boek").Set("bookAudience", "Employees").Set("bookKind", "External").When("bookKind"), English);

        Assert.Equal(["1. Vertrouwenspersoon", "Intern", "Omdat het past."], Texts(dutch));
        var actionSet = dutch.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("type").GetString() == "ActionSet");
        Assert.All(actionSet.GetProperty("actions").EnumerateArray(), action => Assert.Equal("confidant", action.GetProperty("data").GetProperty("route").GetString()));
        Assert.NotEqual(ActionTitles(dutch), ActionTitles(english));
        Assert.DoesNotContain(ActionTitles(dutch).Concat(ActionTitles(english)), title => title.Contains("${", StringComparison.Ordinal));
    }

    [Fact]
    public void An_object_with_an_unset_condition_is_left_out_of_its_list()
    {
        var without = CardTemplates.Bind("Routes", "result-route", RouteValues(), Dutch);
        var with = CardTemplates.Bind("Routes", "result-route", RouteValues().Set("bookTitle", "Boek").Set("bookAudience", "Employees").Set("bookKind", "External").When("anonymityNote").When("bookKind"), Dutch);

        Assert.DoesNotContain("Let op", Texts(without));
        Assert.Contains("Let op", Texts(with));
        Assert.Equal(2, ActionTitles(without).Count);
        Assert.Equal(3, ActionTitles(with).Count);
        Assert.DoesNotContain("$when", with.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Values_with_quotes_braces_and_newlines_stay_one_correctly_escaped_string()
    {
        const string awkward = "Hij zei: \"${id}\" {x}\nen \\ daarna</script>";

        var card = CardTemplates.Bind("Routes", "result-route", RouteValues(awkward), Dutch);

        Assert.Equal(awkward, Texts(card)[2]);
    }

    [Fact]
    public void A_list_marker_is_replaced_by_the_bound_items_in_order()
    {
        var options = new[] { "a", "b", "c" }.Select(answer => CardTemplates.Bind("Routes", "answer-option", new CardValues()
            .Set("label", "Keuze " + answer).Set("q", "topic").Set("a", answer), Dutch));
        var values = new CardValues().Set("step", "1/4").Set("title", "Waarover?").Set("hint", "Kies").SetList("options", options);

        var card = CardTemplates.Card("Routes", "question", values, Dutch).Content!.Value;

        var raw = card.GetRawText();
        Assert.DoesNotContain("$list", raw, StringComparison.Ordinal);
        Assert.True(raw.IndexOf("Keuze a", StringComparison.Ordinal) < raw.IndexOf("Keuze b", StringComparison.Ordinal));
        Assert.True(raw.IndexOf("Keuze b", StringComparison.Ordinal) < raw.IndexOf("Keuze c", StringComparison.Ordinal));
    }

    [Fact]
    public void A_placeholder_without_a_value_throws_and_names_it()
    {
        var incomplete = new CardValues().Set("id", "x");

        var error = Assert.Throws<InvalidOperationException>(() => CardTemplates.Bind("Routes", "result-route", incomplete, Dutch));

        Assert.Contains("${heading}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("${name}", "Ada")]
    [InlineData("Hallo ${name}, tot ${when}.", "Hallo Ada, tot morgen.")]
    [InlineData("kosten: $5 en ${ niet} ${}", "kosten: $5 en ${ niet} ${}")]
    [InlineData("${name}${name}", "AdaAda")]
    [InlineData("open ${name", "open ${name")]
    [InlineData("Fout: ${error-text}", "Fout: Vul dit in.")]
    public void Fill_replaces_well_formed_placeholders_only(string template, string expected)
    {
        var values = new CardValues().Set("name", "Ada").Set("when", "morgen").Set("error-text", "Vul dit in.");

        Assert.Equal(expected, CardTemplates.Fill(template, values, Dutch));
    }
}
