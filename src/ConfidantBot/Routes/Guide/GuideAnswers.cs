namespace ConfidantBot.Routes.Guide;

/// <summary>
/// What it is about. Never what happened: the guide does not ask for details. Discrimination of
/// citizens is an integrity matter (how the municipality treats people), not only undesirable behaviour.
/// </summary>
public enum Topic { IntegritySuspicion, UndesirableBehaviour, PublicInterestWrongdoing, PossibleCrime, QuestionOrDilemma, NotSure, RatherNotSay }

/// <summary>Who is involved, as a role, never a name.</summary>
public enum Involved { Colleague, Manager, MunicipalSecretaryOrManagement, Mayor, Alderman, CouncilMember, WholeTeam, OutsideParty, NotSure, RatherNotSay }

/// <summary>Whether the person reported this before, and what came of it.</summary>
public enum ReportedBefore { No, YesNoAnswer, YesNothingChanged, YesTreatedWorse, RatherNotSay }

/// <summary>What the person wants now: one or more (the card offers a multi-select).</summary>
[Flags]
public enum Wish
{
    /// <summary>Never an answer: nothing chosen. The guide stores <see cref="NotSure"/> instead.</summary>
    None = 0,
    ConfidentialTalk = 1,
    FormalReport = 2,
    Anonymous = 4,
    KnowMyRights = 8,
    NotSure = 16,
    RatherNotSay = 32,
}

/// <summary>The person's own role.</summary>
public enum Role { Employee, TempWorker, Intern, ContractorVolunteerOrApplicant, FormerEmployee, CouncilMember, CollegeMember, RatherNotSay }

/// <summary>The last question, asked of council members only: is it about conduct inside the council?</summary>
public enum CouncilConduct { Yes, No, RatherNotSay }

/// <summary>
/// The guide's answers so far: enum values (and one yes/no) only, so the dialog state can never
/// hold free text. A null answer means the question was not asked (yet).
/// </summary>
/// <param name="EasyToRecognise">Ticked on the wish card: "my team is small / I am easy to recognise"; null before that card was answered.</param>
public sealed record GuideAnswers(
    Topic? Topic = null,
    Involved? Involved = null,
    ReportedBefore? ReportedBefore = null,
    Wish? Wish = null,
    Role? Role = null,
    CouncilConduct? CouncilConduct = null,
    bool? EasyToRecognise = null)
{
    public static GuideAnswers None { get; } = new();

    /// <summary>True when <paramref name="wish"/> is among the chosen wishes (a single flag).</summary>
    public bool Wants(Wish wish) => Wish is { } chosen && (chosen & wish) != 0;
}
