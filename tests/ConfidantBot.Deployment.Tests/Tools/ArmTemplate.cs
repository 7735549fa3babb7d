using System.Text.Json.Nodes;

namespace ConfidantBot.Deployment.Tests.Tools;

/// <summary>
/// The ARM JSON that `bicep build` produces for main.bicep: modules become nested deployments
/// whose templates hold their own parameters and resources. Walks all of them.
/// </summary>
internal sealed class ArmTemplate
{
    private ArmTemplate(JsonObject root, string path)
    {
        Root = root;
        Path = path;
    }

    public JsonObject Root { get; }

    /// <summary>"main" or "main/host" etc.: where in the module tree this template sits.</summary>
    public string Path { get; }

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("bicep build printed no JSON."), "main");

    public IEnumerable<(string Name, JsonObject Definition)> Parameters =>
        (Root["parameters"] as JsonObject ?? [])
            .Select(pair => (pair.Key, pair.Value!.AsObject()));

    public IEnumerable<JsonObject> Resources => Root["resources"] switch
    {
        JsonArray array => array.Select(node => node!.AsObject()),
        JsonObject symbolic => symbolic.Select(pair => pair.Value!.AsObject()),
        _ => [],
    };

    public IEnumerable<(JsonObject Deployment, ArmTemplate Template)> NestedDeployments =>
        Resources
            .Where(resource => (string?)resource["type"] == "Microsoft.Resources/deployments")
            .Select(resource => (resource, new ArmTemplate(
                resource["properties"]!["template"]!.AsObject(),
                $"{Path}/{(string?)resource["name"]}")));

    /// <summary>This template and every template nested in it.</summary>
    public IEnumerable<ArmTemplate> SelfAndNested() =>
        NestedDeployments.SelectMany(nested => nested.Template.SelfAndNested()).Prepend(this);

    public IEnumerable<JsonObject> AllResources(string type) =>
        SelfAndNested().SelectMany(template => template.Resources)
            .Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>Replaces variables('name') with the variable's literal value, where it is a string.</summary>
    public string ResolveVariables(string expression)
    {
        foreach (var (name, value) in Root["variables"] as JsonObject ?? [])
        {
            if (value is JsonValue literal && literal.TryGetValue<string>(out var text))
            {
                expression = expression.Replace($"variables('{name}')", $"'{text}'", StringComparison.Ordinal);
            }
        }

        return expression;
    }

    /// <summary>Every string inside a JSON value, unescaped (ToJsonString escapes quotes as \u0027).</summary>
    public static IEnumerable<string> StringsIn(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => StringsIn(pair.Value)),
        JsonArray array => array.SelectMany(StringsIn),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    public JsonObject SingleResource(string type)
    {
        var matches = AllResources(type).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }
}
