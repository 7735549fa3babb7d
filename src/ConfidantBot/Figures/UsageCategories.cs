using NodaTime;

namespace ConfidantBot.Figures;

/// <summary>
/// What the guide was about, in four coarse groups (from the guide's topic answer). Coarse on
/// purpose: a rare, precise topic ("a possible crime") in a small team could point at someone.
/// </summary>
public enum TopicGroup
{
    /// <summary>Undesirable behaviour: intimidation, bullying, discrimination, aggression, sexual harassment.</summary>
    UndesirableBehaviour,

    /// <summary>A suspected integrity violation, a wrongdoing affecting the public interest, or a possible crime.</summary>
    Integrity,

    /// <summary>A question or a dilemma, nothing that happened yet.</summary>
    QuestionOrDilemma,

    /// <summary>Not sure, or rather not say.</summary>
    Unknown,
}

/// <summary>Who was involved, in five coarse groups (from the guide's role answer; never a name).</summary>
public enum InvolvedGroup
{
    /// <summary>A colleague, or the whole team.</summary>
    Colleagues,

    /// <summary>A manager, the municipal secretary or the management team.</summary>
    Management,

    /// <summary>The mayor, an alderman or a council member (political office holders).</summary>
    OfficeHolders,

    /// <summary>Someone outside the organisation (a citizen, a supplier…).</summary>
    Outside,

    /// <summary>Not sure, or rather not say.</summary>
    Unknown,
}

/// <summary>The kind of the first route the guide showed: the catalogue's three kinds, never the route itself.</summary>
public enum RouteKindGroup
{
    /// <summary>A talk under a duty of confidentiality (a confidant, the company doctor…); no report.</summary>
    ConfidentialTalk,

    /// <summary>A talk with someone who has a role in the matter, without a formal report.</summary>
    Conversation,

    /// <summary>A report that starts a procedure.</summary>
    Report,
}

/// <summary>How long a confidant took to give a first answer to a booking request, in day buckets.</summary>
public enum AnswerDays
{
    LessThanOne,
    One,
    Two,
    ThreeToFive,
    SixToTen,
    MoreThanTen,
}

public static class AnswerDaysBuckets
{
    /// <summary>The bucket of the whole days (24-hour periods) between the request and the answer seen by the bot.</summary>
    public static AnswerDays Of(Duration elapsed) => Math.Floor(Math.Max(0, elapsed.TotalDays)) switch
    {
        < 1 => AnswerDays.LessThanOne,
        < 2 => AnswerDays.One,
        < 3 => AnswerDays.Two,
        < 6 => AnswerDays.ThreeToFive,
        < 11 => AnswerDays.SixToTen,
        _ => AnswerDays.MoreThanTen,
    };
}
