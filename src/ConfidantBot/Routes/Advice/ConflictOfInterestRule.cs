using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Routes.Advice;

/// <summary>
/// Never advise a person to go to someone who is involved: a route whose receiver is the role the
/// person named as involved, or answers to that role (<see cref="AdviceRules.Parties"/>), is left
/// out of the advice, whatever its points. When such a route would have been shown, the advice
/// says so and shows the first replacement (<see cref="AdviceRules.Replacements"/>) this
/// municipality has and this person may use.
/// </summary>
public sealed class ConflictOfInterestRule(AdviceRules rules)
{
    /// <summary>True when the route leads to the involved role: it may not be advised.</summary>
    public bool LeadsToInvolved(string routeId, Involved? involved) =>
        involved is { } role && rules.PartiesOf(routeId).Involves(role);

    /// <param name="answers">The guide's answers.</param>
    /// <param name="wouldShow">The routes that would have been shown without this rule, best first.</param>
    /// <param name="allowed">Every route this person may use that does not lead to the involved role, best first.</param>
    /// <returns>What to tell the person, or null when no route that would have been shown was left out.</returns>
    public ConflictOfInterest? Explain(GuideAnswers answers, IReadOnlyList<ReportingRoute> wouldShow, IReadOnlyList<ReportingRoute> allowed)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Involved is not { } involved)
        {
            return null;
        }

        var leftOut = wouldShow.Where(route => LeadsToInvolved(route.Id, involved)).ToList();
        if (leftOut.Count == 0)
        {
            return null;
        }

        var replacement = rules.ReplacementsFor(answers)
            .Select(id => allowed.FirstOrDefault(route => route.Id == id))
            .OfType<ReportingRoute>()
            .FirstOrDefault();
        return new ConflictOfInterest(involved, leftOut, replacement);
    }
}
