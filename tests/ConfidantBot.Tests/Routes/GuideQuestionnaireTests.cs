using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

public sealed class GuideQuestionnaireTests
{
    [Fact]
    public void The_guide_asks_five_questions_and_a_sixth_only_of_council_members()
    {
        var answers = GuideAnswers.None;
        var asked = new List<GuideQuestion>();
        var choices = new Dictionary<GuideQuestion, string>
        {
            [GuideQuestion.Topic] = "UndesirableBehaviour",
            [GuideQuestion.Involved] = "CouncilMember",
            [GuideQuestion.ReportedBefore] = "YesNoAnswer",
            [GuideQuestion.Wish] = "ConfidentialTalk,Anonymous",
            [GuideQuestion.Role] = "CouncilMember",
            [GuideQuestion.CouncilConduct] = "Yes",
        };

        while (GuideQuestionnaire.Next(answers) is { } question)
        {
            asked.Add(question);
            Assert.True(GuideQuestionnaire.TryApply(answers, GuideQuestionnaire.WireName(question), choices[question], out answers));
        }

        Assert.Equal(Enum.GetValues<GuideQuestion>(), asked);
        Assert.Equal(new GuideAnswers(Topic.UndesirableBehaviour, Involved.CouncilMember, ReportedBefore.YesNoAnswer, Wish.ConfidentialTalk | Wish.Anonymous, Role.CouncilMember, CouncilConduct.Yes, EasyToRecognise: false), answers);
        Assert.Equal(GuideQuestionnaire.MaximumQuestions, asked.Count);

        Assert.True(GuideQuestionnaire.TryApply(answers, "role", "Employee", out var employee));
        Assert.Null(GuideQuestionnaire.Next(employee));
        Assert.Null(employee.CouncilConduct);
        Assert.Equal(5, GuideQuestionnaire.TotalSteps(employee));
    }

    [Fact]
    public void Rather_not_say_is_an_answer_to_every_question()
    {
        var answers = GuideAnswers.None;
        while (GuideQuestionnaire.Next(answers) is { } question)
        {
            Assert.True(GuideQuestionnaire.TryApply(answers, GuideQuestionnaire.WireName(question), "RatherNotSay", out answers));
        }

        Assert.Equal(new GuideAnswers(Topic.RatherNotSay, Involved.RatherNotSay, ReportedBefore.RatherNotSay, Wish.RatherNotSay, Role.RatherNotSay, EasyToRecognise: false), answers);
    }

    [Theory]
    [InlineData(null, Wish.NotSure)]
    [InlineData("", Wish.NotSure)]
    [InlineData("Anonymous", Wish.Anonymous)]
    [InlineData("FormalReport,Anonymous", Wish.FormalReport | Wish.Anonymous)]
    [InlineData("Anonymous, FormalReport,Anonymous", Wish.FormalReport | Wish.Anonymous)]
    [InlineData("NotSure,ConfidentialTalk", Wish.ConfidentialTalk)]
    [InlineData("NotSure,RatherNotSay", Wish.NotSure | Wish.RatherNotSay)]
    public void The_wish_question_keeps_every_ticked_wish_and_nothing_ticked_means_not_sure_yet(string? answer, Wish expected)
    {
        Assert.True(GuideQuestionnaire.TryApply(GuideAnswers.None, "wish", answer, out var updated, "true"));

        Assert.Equal(expected, updated.Wish);
        Assert.True(updated.EasyToRecognise);
    }

    [Theory]
    [InlineData("None", null)]
    [InlineData("2", null)]
    [InlineData("FormalReport,6", null)]
    [InlineData("FormalReport;Anonymous", null)]
    [InlineData("FormalReport,my manager steals", null)]
    [InlineData("Anonymous", "yes")]
    [InlineData("Anonymous", "CANARY")]
    public void A_forged_wish_or_toggle_is_refused_and_changes_nothing(string? answer, string? toggle)
    {
        var before = new GuideAnswers(Topic: Topic.PossibleCrime);

        Assert.False(GuideQuestionnaire.TryApply(before, "wish", answer, out var after, toggle));
        Assert.Same(before, after);
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
        Assert.False(GuideQuestionnaire.TryApply(before, "topic", "PossibleCrime", out _, easyToRecognise: "true"));

        Assert.False(GuideQuestionnaire.TryApply(before, question, answer, out var after));
        Assert.Same(before, after);
    }
}
