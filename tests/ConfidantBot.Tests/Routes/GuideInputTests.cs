using System.Text.Json;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

public sealed class GuideInputTests
{
    [Theory]
    [InlineData("help", GuideIntentKind.Help)]
    [InlineData("  Help!", GuideIntentKind.Help)]
    [InlineData("Opnieuw beginnen", GuideIntentKind.StartOver)]
    [InlineData("start over", GuideIntentKind.StartOver)]
    [InlineData("Wat bewaar je?", GuideIntentKind.Privacy)]
    [InlineData("What do you store?", GuideIntentKind.Privacy)]
    [InlineData("vergeet mij", GuideIntentKind.ForgetMe)]
    [InlineData("Forget me", GuideIntentKind.ForgetMe)]
    [InlineData("/help", GuideIntentKind.Help)]
    [InlineData("", GuideIntentKind.None)]
    [InlineData("   ", GuideIntentKind.None)]
    [InlineData("mijn wethouder schreeuwt tegen me, help", GuideIntentKind.FreeText)]
    [InlineData("CANARY-7f3a9 something happened", GuideIntentKind.FreeText)]
    public void Typed_commands_work_at_any_point_and_anything_else_is_free_text(string text, GuideIntentKind expected)
    {
        var intent = GuideInput.Recognize(text, value: null);

        Assert.Equal(expected, intent.Kind);
        Assert.Null(intent.Question);
        Assert.Null(intent.Answer);
        Assert.Null(intent.RouteId);
    }

    [Fact]
    public void A_typed_story_is_recognised_without_carrying_any_of_its_text()
    {
        const string canary = "CANARY-7f3a9 my manager did something";

        var intent = GuideInput.Recognize(canary, value: null);

        Assert.Equal(GuideIntentKind.FreeText, intent.Kind);
        Assert.DoesNotContain("CANARY", JsonSerializer.Serialize(intent), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"guide":"answer","q":"topic","a":"UndesirableBehaviour"}""", GuideIntentKind.Answer, "topic", "UndesirableBehaviour", null)]
    [InlineData("""{"action":"book"}""", GuideIntentKind.Book, null, null, null)]
    [InlineData("""{"action":"contact","route":"mayor"}""", GuideIntentKind.Contact, null, null, "mayor")]
    [InlineData("""{"action":"route","route":"whistleblowerExternal"}""", GuideIntentKind.Route, null, null, "whistleblowerExternal")]
    [InlineData("""{"action":"route","route":"<script>alert(1)</script>"}""", GuideIntentKind.Route, null, null, null)]
    [InlineData("""{"action":"route","route":42}""", GuideIntentKind.Route, null, null, null)]
    [InlineData("""{"action":"startOver"}""", GuideIntentKind.StartOver, null, null, null)]
    [InlineData("""{"action":"forgetMe"}""", GuideIntentKind.ForgetMe, null, null, null)]
    [InlineData("""{"action":"launchMissiles"}""", GuideIntentKind.None, null, null, null)]
    [InlineData("""{"something":"else"}""", GuideIntentKind.None, null, null, null)]
    public void Card_submits_are_read_strictly(string json, GuideIntentKind kind, string? question, string? answer, string? routeId)
    {
        using var document = JsonDocument.Parse(json);

        var intent = GuideInput.Recognize("ignored when a card was submitted", document.RootElement.Clone());

        Assert.Equal(new GuideIntent(kind, question, answer, routeId), intent);
    }
}
