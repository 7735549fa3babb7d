using System.Text.RegularExpressions;
using ConfidantBot.Roster;

namespace ConfidantBot.Figures;

/// <summary>What is counted. Each value is one counter per month.</summary>
public enum UsageCounter
{
    GuideStarted,
    GuideFinished,

    /// <summary>A finished guide, by what it was about (<see cref="TopicGroup"/>).</summary>
    GuideTopic,

    /// <summary>A finished guide, by who was involved (<see cref="InvolvedGroup"/>).</summary>
    GuideInvolved,

    /// <summary>A finished guide, by the kind of the route it showed first (<see cref="RouteKindGroup"/>).</summary>
    FirstRouteShown,
    RouteShown,
    RouteOpened,
    BookingRequested,
    BookingAccepted,
    BookingDeclined,

    /// <summary>The confidant proposed another time (counted once per booking, at the first proposal).</summary>
    BookingNewTime,
    BookingCancelled,

    /// <summary>An accepted booking whose end has passed: the talk (presumably) took place.</summary>
    BookingHeld,

    /// <summary>A booking's first answer (accepted, declined or a new time), by how long it took (<see cref="AnswerDays"/>).</summary>
    BookingAnswered,
}

/// <summary>
/// One thing that happened, described only by what may be counted: the counter and a few coarse
/// dimensions. There is deliberately no place for a person, conversation, booking or time.
/// Build it with the factory methods, which require exactly the dimensions each counter has. The
/// guide's topic, involved role and first route kind are separate events (one dimension each), so
/// the store never holds a combination of them.
/// </summary>
public sealed partial record UsageEvent
{
    private UsageEvent(UsageCounter counter, ConfidantKind? kind, Audience? audience, string? routeId)
    {
        Counter = counter;
        Kind = kind;
        Audience = audience;
        RouteId = routeId;
    }

    private UsageEvent(UsageCounter counter, Enum category)
        : this(counter, null, null, null)
    {
        Category = category;
    }

    public UsageCounter Counter { get; }

    /// <summary>Internal or external confidant (booking counters only).</summary>
    public ConfidantKind? Kind { get; }

    /// <summary>Who the person said they are; null when the guide did not ask.</summary>
    public Audience? Audience { get; }

    /// <summary>A route catalogue key such as <c>mayor</c> (route counters only).</summary>
    public string? RouteId { get; }

    /// <summary>
    /// The one coarse category of a category counter: a <see cref="TopicGroup"/>, <see cref="InvolvedGroup"/>,
    /// <see cref="RouteKindGroup"/> or <see cref="AnswerDays"/>, matching the counter.
    /// </summary>
    public Enum? Category { get; private init; }

    public static UsageEvent GuideStarted(Audience? audience = null) => new(UsageCounter.GuideStarted, null, audience, null);

    public static UsageEvent GuideFinished(Audience? audience = null) => new(UsageCounter.GuideFinished, null, audience, null);

    /// <param name="routeId">The catalogue key (letters and hyphens only, e.g. <c>externalConfidant</c>).</param>
    public static UsageEvent RouteShown(string routeId, Audience? audience = null) => new(UsageCounter.RouteShown, null, audience, CheckedRoute(routeId));

    public static UsageEvent RouteOpened(string routeId, Audience? audience = null) => new(UsageCounter.RouteOpened, null, audience, CheckedRoute(routeId));

    public static UsageEvent BookingRequested(ConfidantKind kind, Audience audience) => new(UsageCounter.BookingRequested, kind, audience, null);

    public static UsageEvent BookingAccepted(ConfidantKind kind, Audience audience) => new(UsageCounter.BookingAccepted, kind, audience, null);

    public static UsageEvent BookingDeclined(ConfidantKind kind, Audience audience) => new(UsageCounter.BookingDeclined, kind, audience, null);

    public static UsageEvent BookingCancelled(ConfidantKind kind, Audience audience) => new(UsageCounter.BookingCancelled, kind, audience, null);

    public static UsageEvent BookingNewTime(ConfidantKind kind, Audience audience) => new(UsageCounter.BookingNewTime, kind, audience, null);

    public static UsageEvent GuideTopic(TopicGroup topic) => new(UsageCounter.GuideTopic, topic);

    public static UsageEvent GuideInvolved(InvolvedGroup involved) => new(UsageCounter.GuideInvolved, involved);

    public static UsageEvent FirstRouteShown(RouteKindGroup kind) => new(UsageCounter.FirstRouteShown, kind);

    /// <summary>Record once per booking, at its first answer (accepted, declined or a new time).</summary>
    public static UsageEvent BookingAnswered(AnswerDays days) => new(UsageCounter.BookingAnswered, days);

    /// <summary>Record once per accepted booking, when its end has passed (from the answer relay sweep).</summary>
    public static UsageEvent BookingHeld(ConfidantKind kind, Audience audience) => new(UsageCounter.BookingHeld, kind, audience, null);

    /// <summary>The key name and enum type of a category counter's one dimension; null for the other counters.</summary>
    public static (string Name, Type Type)? CategoryOf(UsageCounter counter) => counter switch
    {
        UsageCounter.GuideTopic => ("topic", typeof(TopicGroup)),
        UsageCounter.GuideInvolved => ("involved", typeof(InvolvedGroup)),
        UsageCounter.FirstRouteShown => ("routeKind", typeof(RouteKindGroup)),
        UsageCounter.BookingAnswered => ("days", typeof(AnswerDays)),
        _ => null,
    };

    /// <summary>Whether <paramref name="routeId"/> can be counted (a catalogue-like key); lets callers skip rather than throw.</summary>
    public static bool IsCountableRoute(string? routeId) => routeId is not null && RoutePattern().IsMatch(routeId);

    /// <summary>
    /// Route ids become part of a storage key, so only catalogue-like keys are accepted: letters and
    /// hyphens. No digits means a reference code, a date or a number can never become a counter.
    /// </summary>
    private static string CheckedRoute(string routeId) =>
        IsCountableRoute(routeId)
            ? routeId
            : throw new ArgumentException("A route id is a catalogue key of 2–40 letters and hyphens, such as 'mayor'.", nameof(routeId));

    [GeneratedRegex("^[A-Za-z][A-Za-z-]{1,39}$")]
    private static partial Regex RoutePattern();
}
