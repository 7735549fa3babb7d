using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Advice;

/// <summary>One fitting route, with the one line that says why it fits and the notes to show.</summary>
public sealed record AdvisedRoute(ReportingRoute Route, string Reason, AdviceFlags Flags, int Points);

/// <summary>The guide's answer: fitting routes, best first.</summary>
public sealed record RouteAdvice(GuideAnswers Answers, IReadOnlyList<AdvisedRoute> Routes);
