namespace ConfidantBot.Routes.Guide;

/// <summary>The guide's questions, as they appear in card data (<c>"q"</c>).</summary>
public enum GuideQuestion { Topic, Involved, Wish, Role, CouncilConduct }

/// <summary>
/// The order of the questions and how a submitted answer updates <see cref="GuideAnswers"/>.
/// Four questions for everyone; the fifth only for council members.
/// </summary>
public static class GuideQuestionnaire
{
    private static readonly GuideQuestion[] Order = [GuideQuestion.Topic, GuideQuestion.Involved, GuideQuestion.Wish, GuideQuestion.Role, GuideQuestion.CouncilConduct];

    // Asked on every guide turn: Enum.GetNames copies its array each time.
    private static readonly IReadOnlyList<string> TopicOptions = Enum.GetNames<Topic>();
    private static readonly IReadOnlyList<string> InvolvedOptions = Enum.GetNames<Involved>();
    private static readonly IReadOnlyList<string> WishOptions = Enum.GetNames<Wish>();
    private static readonly IReadOnlyList<string> RoleOptions = Enum.GetNames<Role>();
    private static readonly IReadOnlyList<string> CouncilConductOptions = Enum.GetNames<CouncilConduct>();

    /// <summary>The questions this person gets, given what they answered so far.</summary>
    public static IReadOnlyList<GuideQuestion> QuestionsFor(GuideAnswers answers) =>
        answers.Role == Role.CouncilMember ? Order : Order[..4];

    /// <summary>The next unanswered question, or null when the guide can give its advice.</summary>
    public static GuideQuestion? Next(GuideAnswers answers) =>
        QuestionsFor(answers).Cast<GuideQuestion?>().FirstOrDefault(question => !IsAnswered(answers, question!.Value));

    /// <summary>1-based position of a question, for "question 2 of 4".</summary>
    public static int StepOf(GuideQuestion question) => Array.IndexOf(Order, question) + 1;

    /// <summary>How many questions this person gets in total: 4, or 5 for council members.</summary>
    public static int TotalSteps(GuideAnswers answers) => QuestionsFor(answers).Count;

    /// <summary>The answer options of a question, in display order; the last is always "rather not say".</summary>
    public static IReadOnlyList<string> OptionsOf(GuideQuestion question) => question switch
    {
        GuideQuestion.Topic => TopicOptions,
        GuideQuestion.Involved => InvolvedOptions,
        GuideQuestion.Wish => WishOptions,
        GuideQuestion.Role => RoleOptions,
        GuideQuestion.CouncilConduct => CouncilConductOptions,
        _ => throw new ArgumentOutOfRangeException(nameof(question)),
    };


    /// <summary>The wire name of a question in card data, e.g. <c>topic</c>.</summary>
    public static string WireName(GuideQuestion question) =>
        question == GuideQuestion.CouncilConduct ? "councilConduct" : question.ToString().ToLowerInvariant();

    /// <summary>
    /// Applies a submitted answer (<c>q</c> and <c>a</c> from the card data). Anything that is not
    /// exactly one of the offered options is refused, so a forged submit cannot put text into state.
    /// </summary>
    public static bool TryApply(GuideAnswers answers, string? question, string? answer, out GuideAnswers updated)
    {
        updated = answers;
        var match = Order.Cast<GuideQuestion?>().FirstOrDefault(candidate => WireName(candidate!.Value) == question);
        if (match is not { } target || answer is null || !OptionsOf(target).Contains(answer, StringComparer.Ordinal))
        {
            return false;
        }

        updated = target switch
        {
            GuideQuestion.Topic => answers with { Topic = Enum.Parse<Topic>(answer) },
            GuideQuestion.Involved => answers with { Involved = Enum.Parse<Involved>(answer) },
            GuideQuestion.Wish => answers with { Wish = Enum.Parse<Wish>(answer) },
            GuideQuestion.Role => answers with { Role = Enum.Parse<Role>(answer), CouncilConduct = null },
            _ => answers with { CouncilConduct = Enum.Parse<CouncilConduct>(answer) },
        };
        return true;
    }

    private static bool IsAnswered(GuideAnswers answers, GuideQuestion question) => question switch
    {
        GuideQuestion.Topic => answers.Topic is not null,
        GuideQuestion.Involved => answers.Involved is not null,
        GuideQuestion.Wish => answers.Wish is not null,
        GuideQuestion.Role => answers.Role is not null,
        _ => answers.CouncilConduct is not null,
    };
}
