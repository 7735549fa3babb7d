using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
/// <param name="EasyToRecognise">The wish card's toggle as sent (<c>true</c>/<c>false</c>), or null.</param>
public sealed record GuideIntent(GuideIntentKind Kind, string? Question = null, string? Answer = null, string? RouteId = null, string? EasyToRecognise = null);

/// <summary>
/// Turns a message (typed text or an Adaptive Card's submitted data) into a <see cref="GuideIntent"/>.
/// The global commands (help, start over, what do you store, …) never get here: the root handles them.
/// </summary>
public static class GuideInput
{
    private const int MaxRouteIdLength = 40;

    /// <summary>Between typed answers to a multi-select question: a comma, a semicolon, a plus, "en", "and", "&amp;".</summary>
    /// <remarks>
    /// Non-backtracking: linear in the text's length whatever it holds, so it needs no match timeout. A timeout is wall
    /// clock: a thread paused for 100 ms (a garbage collection, a loaded machine) made a harmless split throw.
    /// </remarks>
    private static readonly Regex TypedParts = new(@"\s*(?:[,;+&]|\s(?:en|and)\s)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>Longer text is never an answer (or a few answer titles); it is not even compared.</summary>
    private const int MaxAnswerLength = 160;

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

        if (currentQuestion is not { } question || text.Length > MaxAnswerLength)
        {
            return new GuideIntent(GuideIntentKind.FreeText);
        }

        if (GuideQuestionnaire.IsMultiSelect(question))
        {
            return TypedAnswers(text, question);
        }

        return TypedAnswer(text, question) is { } answer
            ? new GuideIntent(GuideIntentKind.Answer, GuideQuestionnaire.WireName(question), answer)
            : new GuideIntent(GuideIntentKind.FreeText);
    }

    /// <summary>
    /// A multi-select question typed: one or more answer titles (and the toggle's title), separated by
    /// commas or "en"/"and". Every part must be a title, or the whole text is free text.
    /// </summary>
    private static GuideIntent TypedAnswers(string text, GuideQuestion question)
    {
        var wireName = GuideQuestionnaire.WireName(question);
        var chosen = new List<string>();
        var easyToRecognise = false;
        foreach (var part in TypedParts.Split(text).Select(part => part.Trim()).Where(part => part.Length > 0))
        {
            if (TypedAnswer(part, question) is { } answer)
            {
                chosen.Add(answer);
            }
            else if (IsTitle(part, $"routes.q.{wireName}.{GuideQuestionnaire.EasyToRecogniseField}"))
            {
                easyToRecognise = true;
            }
            else
            {
                return new GuideIntent(GuideIntentKind.FreeText);
            }
        }

        return chosen.Count == 0 && !easyToRecognise
            ? new GuideIntent(GuideIntentKind.FreeText)
            : new GuideIntent(GuideIntentKind.Answer, wireName, string.Join(',', chosen), EasyToRecognise: easyToRecognise ? "true" : "false");
    }

    private static bool IsTitle(string text, string key) =>
        TextMatching.AreEquivalent(text, Texts.Get(Locales.Dutch, key)) || TextMatching.AreEquivalent(text, Texts.Get(Locales.English, key));

    /// <summary>The option whose title (in either language) equals the whole typed text, or null.</summary>
    private static string? TypedAnswer(string text, GuideQuestion question)
    {
        var wireName = GuideQuestionnaire.WireName(question);
        return GuideQuestionnaire.OptionsOf(question).FirstOrDefault(option => IsTitle(text, $"routes.a.{wireName}.{option}"));
    }

    private static GuideIntent FromSubmit(JsonObject data)
    {
        if (Text(data, "guide") == "answer")
        {
            return new GuideIntent(GuideIntentKind.Answer, Text(data, "q"), Text(data, "a"), EasyToRecognise: Toggle(data, GuideQuestionnaire.EasyToRecogniseField));
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

    /// <summary>A toggle's value: Teams and Web Chat send the string <c>"true"</c>/<c>"false"</c>; a JSON boolean is read the same way.</summary>
    private static string? Toggle(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue<bool>(out var on) ? (on ? "true" : "false") : Text(data, name);

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
