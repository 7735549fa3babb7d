using System.Text.Json.Nodes;

namespace ConfidantBot.Bench.Turns;

/// <summary>What one turn of a conversation sends: typed text or a card submit's <c>value</c>.</summary>
public readonly record struct TurnInput(string? Text, JsonObject? Value);

/// <summary>
/// A conversation script. Turn <c>n</c> of every conversation sends <c>Turns[n % Turns.Count]</c>;
/// every turn must be answered with an Adaptive Card (that is how the benchmark knows it is done).
/// </summary>
public sealed record Scenario(string Name, string Description, IReadOnlyList<TurnInput> Turns)
{
    /// <summary>
    /// The cheapest real turn: "hallo" is a global command, the root answers with the menu card.
    /// Reads and writes the conversation state like any turn.
    /// </summary>
    public static Scenario Menu { get; } = new("menu", "typed 'hallo' -> menu card", [new TurnInput("hallo", null)]);

    /// <summary>
    /// A stateful route-guide turn: the guide button (<c>{"command":"guide"}</c>) cancels whatever
    /// runs, begins the root with the guide intent, saves the dialog stack in SQLite and answers
    /// with a card. Until the "guide" dialog is registered the root answers "not available" plus
    /// the menu card, still a full stateful turn. Switch to <see cref="GuideWalk"/> once it is.
    /// </summary>
    public static Scenario Guide { get; } = new("guide", "guide button -> stateful root turn with a card", [Submit("""{"command":"guide"}""")]);

    /// <summary>
    /// The real guide walk (needs the "guide" dialog): start, answer the five questions, get the
    /// advice card; then start again. Each answer reads and writes the guide's state in SQLite.
    /// </summary>
    public static Scenario GuideWalk { get; } = new("guide-walk", "guide: start, 5 answers, advice (cycled)",
    [
        Submit("""{"command":"guide"}"""),
        Submit("""{"guide":"answer","q":"topic","a":"UndesirableBehaviour"}"""),
        Submit("""{"guide":"answer","q":"involved","a":"Colleague"}"""),
        Submit("""{"guide":"answer","q":"reportedBefore","a":"No"}"""),
        Submit("""{"guide":"answer","q":"wish","a":"ConfidentialTalk"}"""),
        Submit("""{"guide":"answer","q":"role","a":"Employee"}"""),
    ]);

    public static IReadOnlyList<Scenario> All { get; } = [Menu, Guide, GuideWalk];

    public static Scenario Named(string name)
        => All.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", All.Select(s => s.Name))}.");

    private static TurnInput Submit(string json) => new(null, (JsonObject)JsonNode.Parse(json)!);
}
