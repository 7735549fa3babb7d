using System.Text.Json;
using System.Text.Json.Serialization;
using ConfidantBot.Presentation;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;
using ConfidantKind = ConfidantBot.Roster.ConfidantKind;
using RosterAudience = ConfidantBot.Roster.Audience;

namespace ConfidantBot.Routes.Advice;

/// <summary>A note the result card shows next to a route.</summary>
[Flags]
public enum AdviceFlags
{
    None = 0,

    /// <summary>Anonymity is possible here but costs effectiveness: say so.</summary>
    AnonymityCaveat = 1,

    /// <summary>The person wants anonymity and this route is not anonymous.</summary>
    NotAnonymous = 2,

    /// <summary>An internal confidant who is a civil servant may have to report certain crimes (art. 162 Sv).</summary>
    DutyToReportNote = 4,
}

/// <summary>
/// Which answers a rule applies to; a missing list matches any answer, including none. The wish
/// question takes several answers: its list matches when any chosen wish is in it.
/// </summary>
public sealed record RuleCondition(
    IReadOnlyList<Topic>? Topic = null,
    IReadOnlyList<Involved>? Involved = null,
    IReadOnlyList<ReportedBefore>? ReportedBefore = null,
    IReadOnlyList<Wish>? Wish = null,
    IReadOnlyList<Role>? Role = null,
    IReadOnlyList<CouncilConduct>? CouncilConduct = null,
    bool? EasyToRecognise = null)
{
    /// <summary>A rule without conditions applies to everyone; its reason is only a fallback.</summary>
    public bool IsUnconditional =>
        Topic is null && Involved is null && ReportedBefore is null && Wish is null && Role is null && CouncilConduct is null && EasyToRecognise is null;

    public bool Matches(GuideAnswers answers) =>
        Allows(Topic, answers.Topic)
        && Allows(Involved, answers.Involved)
        && Allows(ReportedBefore, answers.ReportedBefore)
        && (Wish is null || Wish.Any(answers.Wants))
        && Allows(Role, answers.Role)
        && Allows(CouncilConduct, answers.CouncilConduct)
        && (EasyToRecognise is null || answers.EasyToRecognise == EasyToRecognise);

    private static bool Allows<T>(IReadOnlyList<T>? allowed, T? answer)
        where T : struct, Enum => allowed is null || (answer is { } value && allowed.Contains(value));
}

/// <summary>
/// Who receives what is brought to a route, as roles of the "who is involved" question: the
/// <see cref="Receiver"/> is that role (the mayor's office is the mayor), or the receiver
/// <see cref="AnswersTo"/> that role (the line ends with the municipal secretary). Used by the
/// conflict-of-interest rule.
/// </summary>
public sealed record RouteParties(IReadOnlyList<Involved>? Receiver = null, IReadOnlyList<Involved>? AnswersTo = null)
{
    public bool Involves(Involved involved) => (Receiver?.Contains(involved) ?? false) || (AnswersTo?.Contains(involved) ?? false);
}

/// <summary>The routes that take the place of routes the conflict-of-interest rule leaves out, best first, for the answers in <see cref="When"/>.</summary>
public sealed record Replacement(RuleCondition When, IReadOnlyList<string> Routes);

/// <summary>A line the result card shows when its condition holds (the text key is in <c>Routes/Texts</c>).</summary>
public sealed record AdviceNote(RuleCondition When, string Text);

/// <summary>
/// What a booking begun from a route offers: confidants of this kind (null: any) for this audience,
/// or for the audience of the person's role when it is listed.
/// </summary>
public sealed record RouteBooking(
    ConfidantKind? Kind,
    RosterAudience Audience,
    IReadOnlyDictionary<Role, RosterAudience>? AudienceByRole = null)
{
    public RosterAudience AudienceFor(Role? role) =>
        role is { } known && AudienceByRole is not null && AudienceByRole.TryGetValue(known, out var audience) ? audience : Audience;
}

/// <summary>Points for one route; the reason key names the line the card shows when this is the route's biggest plus.</summary>
public sealed record RulePoints(int Points, string? Reason = null);

public sealed record AdviceRule(
    string Id,
    RuleCondition When,
    IReadOnlyDictionary<string, RulePoints> Add,
    IReadOnlyDictionary<string, IReadOnlyList<AdviceFlags>>? Flags = null);

/// <summary>The rule table (<c>Routes/Data/advice-rules.json</c>): the guide's knowledge as data.</summary>
/// <param name="MinimumRoutes">Every advice shows at least this many routes, even below <paramref name="MinimumPoints"/>.</param>
/// <param name="Parties">Per route id: who receives it (for the conflict-of-interest rule).</param>
/// <param name="Replacements">The first whose condition holds names the routes that replace a route left out.</param>
/// <param name="Booking">Per bookable route id: which confidants a booking from it offers.</param>
public sealed record AdviceRules(
    string? About,
    int MinimumPoints,
    int MinimumRoutes,
    int MaximumRoutes,
    IReadOnlyList<AdviceRule> Rules,
    IReadOnlyDictionary<string, LocalizedText> Reasons,
    IReadOnlyDictionary<string, RouteParties> Parties,
    IReadOnlyList<Replacement> Replacements,
    IReadOnlyList<AdviceNote> Notes,
    IReadOnlyDictionary<string, RouteBooking> Booking)
{
    /// <summary>Who receives a route; a route not listed involves nobody.</summary>
    public RouteParties PartiesOf(string routeId) => Parties.TryGetValue(routeId, out var parties) ? parties : NoParties;

    /// <summary>The replacement routes for these answers, best first (empty when no entry matches).</summary>
    public IReadOnlyList<string> ReplacementsFor(GuideAnswers answers) =>
        Replacements.FirstOrDefault(replacement => replacement.When.Matches(answers))?.Routes ?? [];

    /// <summary>
    /// Which confidants a booking from this route offers: its entry in <see cref="Booking"/>, or
    /// else any kind for the audience of the person's role.
    /// </summary>
    public RouteBooking BookingOf(string routeId) =>
        Booking.TryGetValue(routeId, out var booking) ? booking : AnyConfidant;

    /// <summary>The roster audience of a role: council and college members have their own confidants; everyone else is served as an employee.</summary>
    public static RosterAudience BookingAudienceOf(Role? role) => role switch
    {
        Role.CouncilMember => RosterAudience.Council,
        Role.CollegeMember => RosterAudience.College,
        _ => RosterAudience.Employees,
    };

    private static readonly RouteParties NoParties = new();

    private static readonly RouteBooking AnyConfidant = new(null, RosterAudience.Employees, new Dictionary<Role, RosterAudience>
    {
        [Role.CouncilMember] = RosterAudience.Council,
        [Role.CollegeMember] = RosterAudience.College,
    });

    private static readonly Lazy<AdviceRules> Embedded = new(() => Parse(AppResources.Read("Routes.Data.advice-rules.json")));

    public static AdviceRules Default => Embedded.Value;

    public static AdviceRules Parse(ReadOnlySpan<byte> utf8Json)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        var rules = JsonSerializer.Deserialize<AdviceRules>(utf8Json, options)
            ?? throw new InvalidOperationException("The advice rules are empty.");
        if (rules.MinimumRoutes < 2 || rules.MaximumRoutes < rules.MinimumRoutes)
        {
            throw new InvalidOperationException("The advice rules must show at least two routes, and at most no fewer than that.");
        }

        var missing = rules.Rules
            .SelectMany(rule => rule.Add.Values)
            .Select(points => points.Reason)
            .OfType<string>()
            .Where(reason => !rules.Reasons.TryGetValue(reason, out var text) || string.IsNullOrWhiteSpace(text.Nl) || string.IsNullOrWhiteSpace(text.En))
            .Distinct()
            .ToList();
        return missing.Count == 0
            ? rules
            : throw new InvalidOperationException("The advice rules name reasons without text in both languages: " + string.Join(", ", missing));
    }
}
