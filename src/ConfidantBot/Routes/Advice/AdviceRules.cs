using System.Text.Json;
using System.Text.Json.Serialization;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Guide;

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

/// <summary>Which answers a rule applies to; a missing list matches any answer, including none.</summary>
public sealed record RuleCondition(
    IReadOnlyList<Topic>? Topic = null,
    IReadOnlyList<Involved>? Involved = null,
    IReadOnlyList<Wish>? Wish = null,
    IReadOnlyList<Role>? Role = null,
    IReadOnlyList<CouncilConduct>? CouncilConduct = null)
{
    /// <summary>A rule without conditions applies to everyone; its reason is only a fallback.</summary>
    public bool IsUnconditional => Topic is null && Involved is null && Wish is null && Role is null && CouncilConduct is null;

    public bool Matches(GuideAnswers answers) =>
        Allows(Topic, answers.Topic)
        && Allows(Involved, answers.Involved)
        && Allows(Wish, answers.Wish)
        && Allows(Role, answers.Role)
        && Allows(CouncilConduct, answers.CouncilConduct);

    private static bool Allows<T>(IReadOnlyList<T>? allowed, T? answer)
        where T : struct, Enum => allowed is null || (answer is { } value && allowed.Contains(value));
}

/// <summary>Points for one route; the reason key names the line the card shows when this is the route's biggest plus.</summary>
public sealed record RulePoints(int Points, string? Reason = null);

public sealed record AdviceRule(
    string Id,
    RuleCondition When,
    IReadOnlyDictionary<string, RulePoints> Add,
    IReadOnlyDictionary<string, IReadOnlyList<AdviceFlags>>? Flags = null);

/// <summary>The rule table (<c>Routes/Data/advice-rules.json</c>): the guide's knowledge as data.</summary>
public sealed record AdviceRules(
    string? About,
    int MinimumPoints,
    int MaximumRoutes,
    IReadOnlyList<AdviceRule> Rules,
    IReadOnlyDictionary<string, LocalizedText> Reasons)
{
    private static readonly Lazy<AdviceRules> Embedded = new(() => Parse(EmbeddedResources.Read("Data.advice-rules.json")));

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
