using System.Globalization;
using ConfidantBot.Presentation;

namespace ConfidantBot.Routes.Catalogue;

/// <summary>Who a route is for. Mirrors the guide's role question.</summary>
public enum Audience
{
    Employee,
    CouncilMember,
    CollegeMember,
    FormerEmployee,
    ContractorInternVolunteerApplicant,
}

/// <summary>
/// The difference the guide must make unmistakable: talking to someone is not a report; a report
/// starts a procedure.
/// </summary>
public enum RouteKind
{
    /// <summary>A talk under a duty of confidentiality; no report is made.</summary>
    ConfidentialTalk,

    /// <summary>A talk with someone who has a role in the matter, but no formal report and no duty of confidentiality like a confidant's.</summary>
    Conversation,

    /// <summary>A report (melding): it starts a procedure.</summary>
    Report,
}

/// <summary>A text in the two languages the bot speaks.</summary>
public sealed record LocalizedText(string Nl, string En)
{
    public string In(CultureInfo culture) => Locales.IsEnglish(culture) ? En : Nl;
}

/// <summary>Whether a route can be used without giving your name, and what that costs.</summary>
public sealed record Anonymity(bool Possible, bool CaveatAlways, LocalizedText Explanation);

/// <summary>
/// Where a route's facts come from: an article and law, or the official page, so a reviewer can
/// check every sentence. <see cref="Url"/> is optional and always https.
/// </summary>
public sealed record LegalSource(string Nl, string En, string? Url = null)
{
    public string In(CultureInfo culture) => Locales.IsEnglish(culture) ? En : Nl;
}

/// <summary>One reporting route, as the catalogue describes it.</summary>
public sealed record ReportingRoute
{
    public required string Id { get; init; }
    public required RouteKind Kind { get; init; }

    /// <summary>Key of the municipality-specific contact that HR maintains (e.g. <c>mayorsOffice</c>).</summary>
    public required string Contact { get; init; }

    /// <summary>The route only exists when the municipality configured its contact (the temporary desk, the mayor's replacement).</summary>
    public bool OnlyWhenContactConfigured { get; init; }

    /// <summary>
    /// The receiver is the municipality's own and may not exist everywhere (an internal confidant, a
    /// complaints committee, an integrity officer…): when HR records it as not present, the route is
    /// not offered at all. A national receiver (police, Huis voor Klokkenluiders) is always offered.
    /// </summary>
    public bool LocalReceiver { get; init; }

    /// <summary>Keys of the municipality's own rules HR links to (code of conduct, reporting regulation…), shown on the route.</summary>
    public IReadOnlyList<string> LocalLinks { get; init; } = [];

    /// <summary>A talk with this route can be booked anonymously through the bot.</summary>
    public bool Bookable { get; init; }

    public required IReadOnlyList<Audience> Audiences { get; init; }
    public required LocalizedText Title { get; init; }
    public required LocalizedText Summary { get; init; }
    public required LocalizedText Purpose { get; init; }
    public required LocalizedText Who { get; init; }
    public required LocalizedText Afterwards { get; init; }
    public required LocalizedText Protection { get; init; }
    public required LocalizedText Risks { get; init; }
    public required Anonymity Anonymity { get; init; }

    /// <summary>Deadlines the law sets, or null when the law sets none for this route.</summary>
    public LocalizedText? Deadlines { get; init; }

    /// <summary>The law or official page each fact rests on; the validator refuses a route without one.</summary>
    public IReadOnlyList<LegalSource> LegalBasis { get; init; } = [];

    public bool Serves(Audience audience) => Audiences.Contains(audience);
}
