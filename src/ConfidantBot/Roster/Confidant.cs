using System.Text.Json.Serialization;

namespace ConfidantBot.Roster;

/// <summary>Whether a confidant works for the municipality or outside it (which changes legal duties, see docs).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConfidantKind>))]
public enum ConfidantKind
{
    Internal,
    External,
}

/// <summary>The groups a confidant serves. Council and college get their own external confidant.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Audience>))]
public enum Audience
{
    Employees,
    Council,
    College,
}

/// <summary>A text in the bot's two languages.</summary>
public sealed record LocalizedText(string Nl, string En)
{
    public string For(string? locale) => locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Nl;
}

/// <summary>A weekly block of consultation hours, in Europe/Amsterdam local time.</summary>
public sealed record ConsultationHours([property: JsonConverter(typeof(JsonStringEnumConverter<DayOfWeek>))] DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>
/// A confidant (vertrouwenspersoon) as HR maintains them. Nothing here is about the people who
/// contact them.
/// </summary>
public sealed record Confidant
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public required string Organisation { get; init; }
    public required ConfidantKind Kind { get; init; }
    public required IReadOnlyList<Audience> Audiences { get; init; }

    /// <summary>Languages spoken, as two-letter codes ("nl", "en").</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    public required LocalizedText Bio { get; init; }

    /// <summary>Where invitations go: the confidant's own address, usually outside the tenant.</summary>
    public required string InvitationEmail { get; init; }

    /// <summary>An in-tenant mailbox whose free/busy is read with getSchedule; null for external confidants.</summary>
    public string? CalendarUserId { get; init; }

    /// <summary>Where an in-person talk takes place.</summary>
    public string? OfficeAddress { get; init; }

    /// <summary>The number a person may call for a phone talk (the confidant's work number, not the person's).</summary>
    public string? PhoneNumber { get; init; }

    public required IReadOnlyList<ConsultationHours> ConsultationHours { get; init; }
    public int SlotMinutes { get; init; } = 45;
    public int BufferMinutes { get; init; } = 15;
    public bool Active { get; init; } = true;

    /// <summary>Raised on every saved change; an edit made on an older version is refused.</summary>
    public int Version { get; init; }
}

/// <summary>
/// A municipality-specific contact for a route (mayor's office, municipal secretary, griffier,
/// temporary desk, Huis voor Klokkenluiders). The route catalogue refers to it by <see cref="Key"/>.
/// </summary>
public sealed record RouteContact
{
    public required string Key { get; init; }
    public required LocalizedText Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Url { get; init; }
    /// <summary>HR's note for the person (who runs it, whether it is independent…), shown with the contact.</summary>
    public LocalizedText? Note { get; init; }

    /// <summary>
    /// False: this receiver does not exist in the municipality. The contact is not shown, and a
    /// route whose receiver is the municipality's own (e.g. a complaints committee) is not offered.
    /// </summary>
    public bool Active { get; init; } = true;

    public int Version { get; init; }
}
