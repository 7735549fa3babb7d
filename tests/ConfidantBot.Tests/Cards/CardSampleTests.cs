using System.Text.Json.Nodes;
using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.Cards;

/// <summary>
/// Every card template the app can send has representative data (<see cref="CardSamples"/>), and
/// that data binds to a valid Adaptive Card 1.5. <see cref="WebChatRenderTests"/> then renders the
/// same cards in Web Chat.
/// </summary>
public sealed class CardSampleTests
{
    [Fact]
    public void Every_whole_card_template_has_a_sample_file_and_every_sample_file_a_template()
    {
        var templates = CardSamples.Templates();
        var samples = CardSamples.SampleFiles();
        Assert.NotEmpty(templates);

        var missing = templates.Where(t => t.IsWholeCard && !samples.Contains(t.Key)).Select(CardSamples.SamplePathFor).ToList();
        Assert.True(missing.Count == 0,
            "These card templates have no representative data, so no test renders them. Add a sample file (format: "
            + CardSamples.SampleFolderInRepository + "/README.md): " + string.Join(", ", missing));

        var stale = samples.Where(sample => !templates.Any(t => t.IsWholeCard && t.Key == sample)).ToList();
        Assert.True(stale.Count == 0, "These sample files have no whole-card template (renamed or removed?): " + string.Join(", ", stale));
    }

    [Fact]
    public void Every_item_template_is_part_of_some_sample()
    {
        var used = CardSamples.Bound().SelectMany(sample => sample.ItemTemplates).ToHashSet(StringComparer.Ordinal);

        var unused = CardSamples.Templates().Where(t => !t.IsWholeCard && !used.Contains(t.Key)).Select(t => t.Key).ToList();

        Assert.True(unused.Count == 0,
            "These item templates are in no sample, so no test renders them. List them with \"$template\" in the sample of the card that holds them ("
            + CardSamples.SampleFolderInRepository + "/README.md): " + string.Join(", ", unused));
    }

    [Fact]
    public void Every_sample_binds_in_Dutch_and_English_to_a_valid_Adaptive_Card_1_5()
    {
        var bound = CardSamples.Bound();

        Assert.Equal(CardSamples.SampleFiles().Count * 2, bound.Select(b => (b.Template, b.Culture.Name)).Distinct().Count());
        Assert.All(bound, sample =>
        {
            var card = JsonNode.Parse(sample.Card.Content!.Value.GetRawText())!;
            AdaptiveCardSchema.AssertValid(card);
            Assert.Equal("1.5", (string?)card["version"]);
            Assert.DoesNotContain("${", card.ToJsonString(), StringComparison.Ordinal);
        });
    }
}
