using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

public sealed class GuideInputTests
{
    [Theory]
    [InlineData("", GuideIntentKind.None)]
    [InlineData("   ", GuideIntentKind.None)]
    [InlineData(null, GuideIntentKind.None)]
    [InlineData("mijn wethouder schreeuwt tegen me, help", GuideIntentKind.FreeText)]
    [InlineData("CANARY-7f3a9 something happened", GuideIntentKind.FreeText)]
    public void Typed_text_that_is_no_answer_is_free_text(string? text, GuideIntentKind expected)
    {
        var intent = GuideInput.Recognize(text, submitted: null, GuideQuestion.Topic);

        Assert.Equal(new GuideIntent(expected), intent);
    }

    [Theory]
    [InlineData("Ongewenst gedrag", GuideQuestion.Topic, "topic", "UndesirableBehaviour")]
    [InlineData("  undesirable BEHAVIOUR. ", GuideQuestion.Topic, "topic", "UndesirableBehaviour")]
    [InlineData("Een wethouder of de burgemeester", GuideQuestion.Involved, "involved", "AldermanOrMayor")]
    [InlineData("I'd rather not say", GuideQuestion.Wish, "wish", "RatherNotSay")]
    [InlineData("ja", GuideQuestion.CouncilConduct, "councilConduct", "Yes")]
    public void A_typed_answer_title_of_the_current_question_counts_in_either_language(string text, GuideQuestion question, string wireName, string answer)
    {
        Assert.Equal(new GuideIntent(GuideIntentKind.Answer, wireName, answer), GuideInput.Recognize(text, submitted: null, question));
    }

    [Fact]
    public void An_answer_title_of_another_question_or_inside_a_sentence_is_not_an_answer()
    {
        Assert.Equal(GuideIntentKind.FreeText, GuideInput.Recognize("Ongewenst gedrag", submitted: null, GuideQuestion.Wish).Kind);
        Assert.Equal(GuideIntentKind.FreeText, GuideInput.Recognize("het was ongewenst gedrag van mijn baas", submitted: null, GuideQuestion.Topic).Kind);
        Assert.Equal(GuideIntentKind.FreeText, GuideInput.Recognize("Ongewenst gedrag", submitted: null).Kind);
    }

    [Fact]
    public void A_typed_story_is_recognised_without_carrying_any_of_its_text()
    {
        const string canary = "CANARY-7f3a9 my manager did something";

        var intent = GuideInput.Recognize(canary, submitted: null, GuideQuestion.Involved);

        Assert.Equal(GuideIntentKind.FreeText, intent.Kind);
        Assert.DoesNotContain("CANARY", JsonSerializer.Serialize(intent), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"guide":"answer","q":"topic","a":"UndesirableBehaviour"}""", GuideIntentKind.Answer, "topic", "UndesirableBehaviour", null)]
    [InlineData("""{"command":"routes","action":"contact","route":"mayor"}""", GuideIntentKind.Contact, null, null, "mayor")]
    [InlineData("""{"action":"route","route":"whistleblowerExternal"}""", GuideIntentKind.Route, null, null, "whistleblowerExternal")]
    [InlineData("""{"action":"route","route":"<script>alert(1)</script>"}""", GuideIntentKind.Route, null, null, null)]
    [InlineData("""{"action":"route","route":42}""", GuideIntentKind.Route, null, null, null)]
    [InlineData("""{"action":"launchMissiles"}""", GuideIntentKind.None, null, null, null)]
    [InlineData("""{"something":"else"}""", GuideIntentKind.None, null, null, null)]
    public void Card_submits_are_read_strictly(string json, GuideIntentKind kind, string? question, string? answer, string? routeId)
    {
        var intent = GuideInput.Recognize("ignored when a card was submitted", (JsonObject)JsonNode.Parse(json)!, GuideQuestion.Topic);

        Assert.Equal(new GuideIntent(kind, question, answer, routeId), intent);
    }
}
