namespace ConfidantBot.Roster;

/// <summary>The route contacts the guide refers to (see the routes catalogue); HR fills them in per municipality.</summary>
public static class RouteContactKeys
{
    public static IReadOnlyList<string> All { get; } =
    [
        "mayorsOffice", "municipalSecretary", "griffier", "internalConfidant", "externalConfidant", "councilConfidant",
        "whistleblowerChannel", "huisVoorKlokkenluiders", "huisVoorKlokkenluidersAdvice", "temporaryDesk",
    ];
}
