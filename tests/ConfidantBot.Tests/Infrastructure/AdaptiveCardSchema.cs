using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ConfidantBot.Tests.Infrastructure;

/// <summary>Validates cards against the official Adaptive Card 1.5 schema (draft-06; test data copy).</summary>
internal static class AdaptiveCardSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "TestData", "schemas", "adaptive-card-1.5.json")));

    // JsonSchema.Net builds its constraints lazily and that is not safe when test classes in parallel
    // evaluate against one schema instance (it reports a false circular reference): evaluate one at a time.
    private static readonly Lock EvaluationLock = new();

    public static EvaluationResults Evaluate(JsonNode? card)
    {
        lock (EvaluationLock)
        {
            return Schema.Value.Evaluate(card, new EvaluationOptions { EvaluateAs = SpecVersion.Draft6, OutputFormat = OutputFormat.List });
        }
    }

    public static void AssertValid(JsonNode card)
    {
        var result = Evaluate(card);
        var errors = (result.Details ?? []).Where(detail => detail.HasErrors)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")).Take(10);
        Assert.True(result.IsValid, "Card is not a valid Adaptive Card 1.5: " + string.Join("; ", errors));
    }

    public static void AssertValid(JsonElement card) => AssertValid(JsonNode.Parse(card.GetRawText())!);
}
