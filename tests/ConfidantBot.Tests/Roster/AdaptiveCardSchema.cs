using System.Text.Json.Nodes;
using Json.Schema;

namespace ConfidantBot.Tests.Roster;

/// <summary>Validates cards against the official Adaptive Card 1.5 schema (test data copy).</summary>
internal static class AdaptiveCardSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "TestData", "schemas", "adaptive-card-1.5.json")));

    public static void AssertValid(JsonObject card)
    {
        var result = Schema.Value.Evaluate(card, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, "Card is not a valid Adaptive Card 1.5: " + string.Join("; ", errors));
    }
}
