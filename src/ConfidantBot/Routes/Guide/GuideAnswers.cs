namespace ConfidantBot.Routes.Guide;

/// <summary>What it is about. Never what happened: the guide does not ask for details.</summary>
public enum Topic { IntegritySuspicion, UndesirableBehaviour, PublicInterestWrongdoing, NotSure, RatherNotSay }

/// <summary>Who is involved, as a role, never a name.</summary>
public enum Involved { Colleague, Manager, AldermanOrMayor, CouncilMember, OutsideParty, NotSure, RatherNotSay }

/// <summary>What the person wants now.</summary>
public enum Wish { ConfidentialTalk, FormalReport, Anonymous, InformationOnly, NotSure, RatherNotSay }

/// <summary>The person's own role.</summary>
public enum Role { Employee, CouncilMember, CollegeMember, FormerEmployee, ContractorInternVolunteerApplicant, RatherNotSay }

/// <summary>The fifth question, asked of council members only: is it about conduct inside the council?</summary>
public enum CouncilConduct { Yes, No, RatherNotSay }

/// <summary>
/// The guide's answers so far: enum values only, so the dialog state can never hold free text.
/// A null answer means the question was not asked (yet).
/// </summary>
public sealed record GuideAnswers(
    Topic? Topic = null,
    Involved? Involved = null,
    Wish? Wish = null,
    Role? Role = null,
    CouncilConduct? CouncilConduct = null)
{
    public static GuideAnswers None { get; } = new();
}
