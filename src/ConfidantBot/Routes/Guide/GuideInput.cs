using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.Presentation;

namespace ConfidantBot.Routes.Guide;

/// <summary>What a person sent, as far as the guide and the route browser are concerned.</summary>
public enum GuideIntentKind
{
    /// <summary>Nothing the guide recognises came in (an empty message, or card data it did not offer).</summary>
    None,

    /// <summary>Text that is no answer: a story. The text itself is deliberately not carried.</summary>
    FreeText,

    /// <summary>An answer to a guide question, by button or by typing the answer's title.</summary>
    Answer,

    /// <summary>"More about this route".</summary>
    Route,

    /// <summary>"Show contact" of a route.</summary>
    Contact,
}

/// <summary>
/// A recognised intent. Holds only values the guide offered (question and answer names, a route id
/// of plain letters): never anything the person typed.
/// </summary>
public sealed record GuideIntent(GuideIntentKind Kind, string? Question = null, string? Answer = null, string? RouteId = null);

/// <summary>
/// Turns a message (typed text or an Adaptive Card's submitted data) into a <see cref="GuideIntent"/>.
/// The global commands (help, start over, what do you store, …) never get here: the root handles them.
/// </summary>
public static class GuideInput
{
    private const int MaxRouteIdLength = 40;

    /// <summary>Longer text is never an answer title; it is not even compared.</summary>
    private const int MaxAnswerLength = 80;

    /// <param name="text">The typed text, if any (ignored when card data was submitted).</param>
    /// <param name="submitted">The card's submitted data, if any.</param>
    /// <param name="currentQuestion">The question on screen: its answer titles, typed in Dutch or English, count as answers.</param>
    public static GuideIntent Recognize(string? text, JsonObject? submitted, GuideQuestion? currentQuestion = null)
    {
        if (submitted is not null)
        {
            return FromSubmit(submitted);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new GuideIntent(GuideIntentKind.None);
        }

        return currentQuestion is { } question && TypedAnswer(text, question) is { } answer
            ? new GuideIntent(GuideIntentKind.Answer, GuideQuestionnaire.WireName(question), answer)
            : new GuideIntent(GuideIntentKind.FreeText);
    }

    /// <summary>The option whose title (in either language) equals the whole typed text, or null.</summary>
    private static string? TypedAnswer(string text, GuideQuestion question)
    {
        if (text.Length > MaxAnswerLength)
        {
            return null;
        }

        var wireName = GuideQuestionnaire.WireName(question);
        return GuideQuestionnaire.OptionsOf(question).FirstOrDefault(option =>
            TextMatching.AreEquivalent(text, Texts.Get(Locales.Dutch, $"routes.a.{wireName}.{option}"))
            || TextMatching.AreEquivalent(text, Texts.Get(Locales.English, $"routes.a.{wireName}.{option}")));
    }

    private static GuideIntent FromSubmit(JsonObject data)
    {
        if (Text(data, "guide") == "answer")
        {
            return new GuideIntent(GuideIntentKind.Answer, Text(data, "q"), Text(data, "a"));
        }

        return Text(data, "action") switch
        {
            "route" => new GuideIntent(GuideIntentKind.Route, RouteId: PlainRouteId(Text(data, "route"))),
            "contact" => new GuideIntent(GuideIntentKind.Contact, RouteId: PlainRouteId(Text(data, "route"))),
            _ => new GuideIntent(GuideIntentKind.None),
        };
    }

    /// <summary>Route ids are plain letters; anything else is dropped so it cannot travel further.</summary>
    private static string? PlainRouteId(string? routeId) =>
        routeId is { Length: > 0 and <= MaxRouteIdLength } && routeId.All(char.IsAsciiLetter) ? routeId : null;

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
