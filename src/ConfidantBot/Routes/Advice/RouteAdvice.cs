using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Advice;

/// <summary>One fitting route, with the one line that says why it fits and the notes to show.</summary>
public sealed record AdvisedRoute(ReportingRoute Route, string Reason, AdviceFlags Flags, int Points);

/// <summary>
/// Routes the conflict-of-interest rule left out because they lead to the person who is involved
/// (or to someone who answers to them), and the route shown in their place (null if this
/// municipality has none of the replacements).
/// </summary>
public sealed record ConflictOfInterest(Involved Involved, IReadOnlyList<ReportingRoute> LeftOut, ReportingRoute? Replacement);

/// <summary>The guide's answer: fitting routes, best first, and what the card must say besides.</summary>
/// <param name="Conflict">Set when routes were left out because they lead to the person involved.</param>
/// <param name="Notes">Text keys of the notes to show (crime, escalation, how people are recognised, …).</param>
public sealed record RouteAdvice(GuideAnswers Answers, IReadOnlyList<AdvisedRoute> Routes, ConflictOfInterest? Conflict = null, IReadOnlyList<string>? Notes = null);
