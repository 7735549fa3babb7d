namespace ConfidantBot.Routes.Catalogue;

/// <summary>
/// How to reach a route in this municipality (maintained by HR). Every field is optional except
/// the name; a card shows only what is filled in.
/// </summary>
public sealed record RouteContact(string Name, string? Email = null, string? Phone = null, string? Url = null);
