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
    [InlineData("De burgemeester", GuideQuestion.Involved, "involved", "Mayor")]
    [InlineData("Het hele team of een groep", GuideQuestion.Involved, "involved", "WholeTeam")]
    [InlineData("Yes, and I have been treated worse since", GuideQuestion.ReportedBefore, "reportedBefore", "YesTreatedWorse")]
    [InlineData("Stagiair", GuideQuestion.Role, "role", "Intern")]
    [InlineData("ja", GuideQuestion.CouncilConduct, "councilConduct", "Yes")]
    public void A_typed_answer_title_of_the_current_question_counts_in_either_language(string text, GuideQuestion question, string wireName, string answer)
    {
        Assert.Equal(new GuideIntent(GuideIntentKind.Answer, wireName, answer), GuideInput.Recognize(text, submitted: null, question));
    }

    [Theory]
    [InlineData("I'd rather not say", "RatherNotSay", "false")]
    [InlineData("Een melding doen", "FormalReport", "false")]
    [InlineData("Een melding doen en anoniem blijven", "FormalReport,Anonymous", "false")]
    [InlineData("make a report, stay anonymous", "FormalReport,Anonymous", "false")]
    [InlineData("Een vertrouwelijk gesprek + weten wat mijn rechten zijn", "ConfidentialTalk,KnowMyRights", "false")]
    [InlineData("Anoniem blijven en mijn team is klein of ik ben snel herkenbaar", "Anonymous", "true")]
    [InlineData("My team is small or I am easy to recognise", "", "true")]
    public void The_wish_question_takes_one_or_more_typed_titles_and_the_recognisable_tick(string text, string answers, string easyToRecognise)
    {
        Assert.Equal(
            new GuideIntent(GuideIntentKind.Answer, "wish", answers, EasyToRecognise: easyToRecognise),
            GuideInput.Recognize(text, submitted: null, GuideQuestion.Wish));
    }

    [Theory]
    [InlineData("Een melding doen en mijn baas pakt geld")]
    [InlineData("anoniem blijven, want Canarius weet alles")]
    [InlineData("Een melding doen en")]
    public void A_typed_wish_with_anything_but_titles_in_it_is_free_text_and_carries_nothing(string text)
    {
        var intent = GuideInput.Recognize(text, submitted: null, GuideQuestion.Wish);

        Assert.Equal(new GuideIntent(GuideIntentKind.FreeText), intent);
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

    [Theory]
    [InlineData("""{"guide":"answer","q":"wish","a":"FormalReport,Anonymous","easyToRecognise":"true"}""", "FormalReport,Anonymous", "true")]
    [InlineData("""{"guide":"answer","q":"wish","a":"ConfidentialTalk","easyToRecognise":"false"}""", "ConfidentialTalk", "false")]
    [InlineData("""{"guide":"answer","q":"wish","easyToRecognise":true}""", null, "true")]
    [InlineData("""{"guide":"answer","q":"wish"}""", null, null)]
    public void The_multi_select_card_sends_its_ticks_as_a_comma_list_and_the_toggle_as_text(string json, string? answer, string? easyToRecognise)
    {
        var intent = GuideInput.Recognize(null, (JsonObject)JsonNode.Parse(json)!, GuideQuestion.Wish);

        Assert.Equal(new GuideIntent(GuideIntentKind.Answer, "wish", answer, EasyToRecognise: easyToRecognise), intent);
    }
}
