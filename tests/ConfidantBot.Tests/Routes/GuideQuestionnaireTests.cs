using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

public sealed class GuideQuestionnaireTests
{
    [Fact]
    public void The_guide_asks_four_questions_and_a_fifth_only_of_council_members()
    {
        var answers = GuideAnswers.None;
        var asked = new List<GuideQuestion>();
        var choices = new Dictionary<GuideQuestion, string>
        {
            [GuideQuestion.Topic] = "UndesirableBehaviour",
            [GuideQuestion.Involved] = "CouncilMember",
            [GuideQuestion.Wish] = "ConfidentialTalk",
            [GuideQuestion.Role] = "CouncilMember",
            [GuideQuestion.CouncilConduct] = "Yes",
        };

        while (GuideQuestionnaire.Next(answers) is { } question)
        {
            asked.Add(question);
            Assert.True(GuideQuestionnaire.TryApply(answers, GuideQuestionnaire.WireName(question), choices[question], out answers));
        }

        Assert.Equal(Enum.GetValues<GuideQuestion>(), asked);
        Assert.Equal(new GuideAnswers(Topic.UndesirableBehaviour, Involved.CouncilMember, Wish.ConfidentialTalk, Role.CouncilMember, CouncilConduct.Yes), answers);

        Assert.True(GuideQuestionnaire.TryApply(answers, "role", "Employee", out var employee));
        Assert.Null(GuideQuestionnaire.Next(employee));
        Assert.Null(employee.CouncilConduct);
        Assert.Equal(4, GuideQuestionnaire.TotalSteps(employee));
    }

    [Fact]
    public void Rather_not_say_is_an_answer_to_every_question()
    {
        var answers = GuideAnswers.None;
        while (GuideQuestionnaire.Next(answers) is { } question)
        {
            Assert.True(GuideQuestionnaire.TryApply(answers, GuideQuestionnaire.WireName(question), "RatherNotSay", out answers));
        }

        Assert.Equal(new GuideAnswers(Topic.RatherNotSay, Involved.RatherNotSay, Wish.RatherNotSay, Role.RatherNotSay), answers);
    }

    [Theory]
    [InlineData("topic", "2")]
    [InlineData("topic", "undesirablebehaviour")]
    [InlineData("topic", "UndesirableBehaviour ")]
    [InlineData("topic", "Colleague")]
    [InlineData("topic", "my manager shouted at me")]
    [InlineData("topic", null)]
    [InlineData("story", "UndesirableBehaviour")]
    [InlineData(null, "Yes")]
    [InlineData("Topic", "UndesirableBehaviour")]
    public void A_forged_or_typed_answer_is_refused_and_changes_nothing(string? question, string? answer)
    {
        var before = new GuideAnswers(Wish: Wish.Anonymous);

        Assert.False(GuideQuestionnaire.TryApply(before, question, answer, out var after));
        Assert.Same(before, after);
    }
}
