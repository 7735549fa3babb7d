using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ConfidantBot.Tests.Infrastructure;

/// <summary>Validates cards against the official Adaptive Card 1.5 schema (draft-06; test data copy).</summary>
internal static class AdaptiveCardSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "TestData", "schemas", "adaptive-card-1.5.json")));

    public static EvaluationResults Evaluate(JsonNode? card) =>
        Schema.Value.Evaluate(card, new EvaluationOptions { EvaluateAs = SpecVersion.Draft6, OutputFormat = OutputFormat.List });

    public static void AssertValid(JsonNode card)
    {
        var result = Evaluate(card);
        var errors = (result.Details ?? []).Where(detail => detail.HasErrors)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")).Take(10);
        Assert.True(result.IsValid, "Card is not a valid Adaptive Card 1.5: " + string.Join("; ", errors));
    }

    public static void AssertValid(JsonElement card) => AssertValid(JsonNode.Parse(card.GetRawText())!);
}
