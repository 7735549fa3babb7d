namespace ConfidantBot.Routes.Guide;

/// <summary>The guide's questions, as they appear in card data (<c>"q"</c>).</summary>
public enum GuideQuestion { Topic, Involved, ReportedBefore, Wish, Role, CouncilConduct }

/// <summary>
/// The order of the questions and how a submitted answer updates <see cref="GuideAnswers"/>.
/// Five questions for everyone; the sixth only for council members. The wish question takes one or
/// more answers and the optional "easy to recognise" tick.
/// </summary>
public static class GuideQuestionnaire
{
    /// <summary>The card field of the wish question's "my team is small / I am easy to recognise" toggle.</summary>
    public const string EasyToRecogniseField = "easyToRecognise";

    /// <summary>The most questions anyone gets.</summary>
    public const int MaximumQuestions = 6;

    private const Wish ChosenWishes = Wish.ConfidentialTalk | Wish.FormalReport | Wish.Anonymous | Wish.KnowMyRights;

    private static readonly GuideQuestion[] Order =
        [GuideQuestion.Topic, GuideQuestion.Involved, GuideQuestion.ReportedBefore, GuideQuestion.Wish, GuideQuestion.Role, GuideQuestion.CouncilConduct];

    // Asked on every guide turn: Enum.GetNames copies its array each time.
    private static readonly IReadOnlyList<string> TopicOptions = Enum.GetNames<Topic>();
    private static readonly IReadOnlyList<string> InvolvedOptions = Enum.GetNames<Involved>();
    private static readonly IReadOnlyList<string> ReportedBeforeOptions = Enum.GetNames<ReportedBefore>();
    private static readonly IReadOnlyList<string> WishOptions = [.. Enum.GetNames<Wish>().Where(name => name != nameof(Wish.None))];
    private static readonly IReadOnlyList<string> RoleOptions = Enum.GetNames<Role>();
    private static readonly IReadOnlyList<string> CouncilConductOptions = Enum.GetNames<CouncilConduct>();

    /// <summary>The questions this person gets, given what they answered so far.</summary>
    public static IReadOnlyList<GuideQuestion> QuestionsFor(GuideAnswers answers) =>
        answers.Role == Role.CouncilMember ? Order : Order[..^1];

    /// <summary>The next unanswered question, or null when the guide can give its advice.</summary>
    public static GuideQuestion? Next(GuideAnswers answers) =>
        QuestionsFor(answers).Cast<GuideQuestion?>().FirstOrDefault(question => !IsAnswered(answers, question!.Value));

    /// <summary>1-based position of a question, for "question 2 of 5".</summary>
    public static int StepOf(GuideQuestion question) => Array.IndexOf(Order, question) + 1;

    /// <summary>How many questions this person gets in total: 5, or 6 for council members.</summary>
    public static int TotalSteps(GuideAnswers answers) => QuestionsFor(answers).Count;

    /// <summary>Whether the question takes several answers at once (a multi-select card).</summary>
    public static bool IsMultiSelect(GuideQuestion question) => question == GuideQuestion.Wish;

    /// <summary>The answer options of a question, in display order; the last is always "rather not say".</summary>
    public static IReadOnlyList<string> OptionsOf(GuideQuestion question) => question switch
    {
        GuideQuestion.Topic => TopicOptions,
        GuideQuestion.Involved => InvolvedOptions,
        GuideQuestion.ReportedBefore => ReportedBeforeOptions,
        GuideQuestion.Wish => WishOptions,
        GuideQuestion.Role => RoleOptions,
        GuideQuestion.CouncilConduct => CouncilConductOptions,
        _ => throw new ArgumentOutOfRangeException(nameof(question)),
    };

    /// <summary>The wire name of a question in card data and text keys, e.g. <c>reportedBefore</c>.</summary>
    public static string WireName(GuideQuestion question) => question switch
    {
        GuideQuestion.Topic => "topic",
        GuideQuestion.Involved => "involved",
        GuideQuestion.ReportedBefore => "reportedBefore",
        GuideQuestion.Wish => "wish",
        GuideQuestion.Role => "role",
        GuideQuestion.CouncilConduct => "councilConduct",
        _ => throw new ArgumentOutOfRangeException(nameof(question)),
    };

    /// <summary>
    /// Applies a submitted answer (<c>q</c> and <c>a</c> from the card data; for the wish question
    /// <c>a</c> is a comma-separated list of options, empty meaning "not sure yet", and
    /// <paramref name="easyToRecognise"/> the toggle's <c>true</c>/<c>false</c>). Anything that is not
    /// exactly one of the offered options is refused, so a forged submit cannot put text into state.
    /// </summary>
    public static bool TryApply(GuideAnswers answers, string? question, string? answer, out GuideAnswers updated, string? easyToRecognise = null)
    {
        updated = answers;
        var match = Order.Cast<GuideQuestion?>().FirstOrDefault(candidate => WireName(candidate!.Value) == question);
        if (match is not { } target)
        {
            return false;
        }

        if (target == GuideQuestion.Wish)
        {
            if (ParseWishes(answer) is not { } wishes || ParseToggle(easyToRecognise) is not { } recognisable)
            {
                return false;
            }

            updated = answers with { Wish = wishes, EasyToRecognise = recognisable };
            return true;
        }

        if (answer is null || easyToRecognise is not null || !OptionsOf(target).Contains(answer, StringComparer.Ordinal))
        {
            return false;
        }

        updated = target switch
        {
            GuideQuestion.Topic => answers with { Topic = Enum.Parse<Topic>(answer) },
            GuideQuestion.Involved => answers with { Involved = Enum.Parse<Involved>(answer) },
            GuideQuestion.ReportedBefore => answers with { ReportedBefore = Enum.Parse<ReportedBefore>(answer) },
            GuideQuestion.Role => answers with { Role = Enum.Parse<Role>(answer), CouncilConduct = null },
            _ => answers with { CouncilConduct = Enum.Parse<CouncilConduct>(answer) },
        };
        return true;
    }

    /// <summary>
    /// The chosen wishes from a comma-separated list of option names; nothing chosen is "not sure yet";
    /// a real wish next to "not sure" or "rather not say" wins. Null when any part is not an option.
    /// </summary>
    public static Wish? ParseWishes(string? answer)
    {
        var wishes = Wish.None;
        foreach (var part in (answer ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!WishOptions.Contains(part, StringComparer.Ordinal))
            {
                return null;
            }

            wishes |= Enum.Parse<Wish>(part);
        }

        if ((wishes & ChosenWishes) != 0)
        {
            return wishes & ChosenWishes;
        }

        return wishes == Wish.None ? Wish.NotSure : wishes;
    }

    private static bool? ParseToggle(string? value) => value switch
    {
        null or "" or "false" => false,
        "true" => true,
        _ => null,
    };

    private static bool IsAnswered(GuideAnswers answers, GuideQuestion question) => question switch
    {
        GuideQuestion.Topic => answers.Topic is not null,
        GuideQuestion.Involved => answers.Involved is not null,
        GuideQuestion.ReportedBefore => answers.ReportedBefore is not null,
        GuideQuestion.Wish => answers.Wish is not null,
        GuideQuestion.Role => answers.Role is not null,
        _ => answers.CouncilConduct is not null,
    };
}
