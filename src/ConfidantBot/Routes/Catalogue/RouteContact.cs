using System.Globalization;

namespace ConfidantBot.Routes.Catalogue;

/// <summary>
/// How to reach a route in this municipality (maintained by HR). Every field is optional except
/// the name; a card shows only what is filled in. <see cref="Present"/> false means HR recorded
/// that this receiver does not exist here: a route with a local receiver is then not offered.
/// </summary>
public sealed record RouteContact(string Name, string? Email = null, string? Phone = null, string? Url = null)
{
    /// <summary>The English name, when HR gave one; otherwise <see cref="Name"/> (names of offices are often Dutch proper names).</summary>
    public string? NameEn { get; init; }

    /// <summary>HR's note for the person (who runs it, whether it is independent, opening hours…), shown with the contact.</summary>
    public LocalizedText? Note { get; init; }

    /// <summary>False when HR recorded that this receiver does not exist in this municipality.</summary>
    public bool Present { get; init; } = true;

    public string NameIn(CultureInfo culture) => Presentation.Locales.IsEnglish(culture) && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : Name;
}
