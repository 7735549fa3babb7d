using System.Text.Json;

namespace ConfidantBot.Routes.Guide;

/// <summary>What a person asked for in one message, as far as the guide is concerned.</summary>
public enum GuideIntentKind
{
    /// <summary>Nothing the guide recognises came in (e.g. an empty message).</summary>
    None,

    /// <summary>Text that is not a command: a story. The text itself is deliberately not carried.</summary>
    FreeText,

    Answer,
    StartGuide,
    StartOver,
    Help,
    Privacy,
    ForgetMe,
    Routes,
    Route,
    Contact,
    Book,
}

/// <summary>
/// A recognised intent. Holds only values the guide offered (question and answer names, a route id
/// of plain letters): never anything the person typed.
/// </summary>
public sealed record GuideIntent(GuideIntentKind Kind, string? Question = null, string? Answer = null, string? RouteId = null);

/// <summary>
/// Turns a message (typed text or an Adaptive Card submit's <c>value</c>) into a <see cref="GuideIntent"/>.
/// Typed commands work at any point: help, start over, what do you store, forget me (Dutch and English).
/// </summary>
public static class GuideInput
{
    private const int MaxRouteIdLength = 40;
    private const int MaxCommandLength = 40;

    private static readonly Dictionary<string, GuideIntentKind> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["help"] = GuideIntentKind.Help,
        ["hulp"] = GuideIntentKind.Help,
        ["start over"] = GuideIntentKind.StartOver,
        ["restart"] = GuideIntentKind.StartOver,
        ["opnieuw"] = GuideIntentKind.StartOver,
        ["opnieuw beginnen"] = GuideIntentKind.StartOver,
        ["begin opnieuw"] = GuideIntentKind.StartOver,
        ["what do you store"] = GuideIntentKind.Privacy,
        ["what do you keep"] = GuideIntentKind.Privacy,
        ["wat bewaar je"] = GuideIntentKind.Privacy,
        ["wat sla je op"] = GuideIntentKind.Privacy,
        ["privacy"] = GuideIntentKind.Privacy,
        ["forget me"] = GuideIntentKind.ForgetMe,
        ["vergeet mij"] = GuideIntentKind.ForgetMe,
        ["vergeet me"] = GuideIntentKind.ForgetMe,
        ["routes"] = GuideIntentKind.Routes,
        ["alle routes"] = GuideIntentKind.Routes,
        ["all routes"] = GuideIntentKind.Routes,
        ["start"] = GuideIntentKind.StartGuide,
    };

    private static readonly Dictionary<string, GuideIntentKind> Actions = new(StringComparer.Ordinal)
    {
        ["startGuide"] = GuideIntentKind.StartGuide,
        ["startOver"] = GuideIntentKind.StartOver,
        ["help"] = GuideIntentKind.Help,
        ["privacy"] = GuideIntentKind.Privacy,
        ["forgetMe"] = GuideIntentKind.ForgetMe,
        ["routes"] = GuideIntentKind.Routes,
        ["route"] = GuideIntentKind.Route,
        ["contact"] = GuideIntentKind.Contact,
        ["book"] = GuideIntentKind.Book,
    };

    public static GuideIntent Recognize(string? text, JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.Object } data)
        {
            return FromSubmit(data);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new GuideIntent(GuideIntentKind.None);
        }

        return text.Length <= MaxCommandLength && Commands.TryGetValue(Normalize(text), out var kind)
            ? new GuideIntent(kind)
            : new GuideIntent(GuideIntentKind.FreeText);
    }

    private static GuideIntent FromSubmit(JsonElement data)
    {
        if (Text(data, "guide") == "answer")
        {
            return new GuideIntent(GuideIntentKind.Answer, Text(data, "q"), Text(data, "a"));
        }

        return Text(data, "action") is { } action && Actions.TryGetValue(action, out var kind)
            ? new GuideIntent(kind, RouteId: PlainRouteId(Text(data, "route")))
            : new GuideIntent(GuideIntentKind.None);
    }

    /// <summary>Route ids are plain letters; anything else is dropped so it cannot travel further.</summary>
    private static string? PlainRouteId(string? routeId) =>
        routeId is { Length: > 0 and <= MaxRouteIdLength } && routeId.All(char.IsAsciiLetter) ? routeId : null;

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    /// <summary>Lower-cased, trimmed, trailing punctuation and a leading slash removed: "Wat bewaar je?" → "wat bewaar je".</summary>
    private static string Normalize(string text) =>
        string.Join(' ', text.Trim().TrimStart('/').TrimEnd('?', '!', '.', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
