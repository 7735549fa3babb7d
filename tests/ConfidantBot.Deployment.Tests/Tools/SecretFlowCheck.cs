using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConfidantBot.Deployment.Tests.Tools;

/// <summary>
/// Finds secrets that would end up in a web app's app settings: a @secure() parameter (also
/// when it is handed to a module under another name, or through a variable), or a key read
/// with a list*() function such as listKeys. Works on the compiled ARM JSON, so it follows
/// values across module boundaries the way Azure Resource Manager will.
/// </summary>
internal static partial class SecretFlowCheck
{
    public static IReadOnlyList<string> FindSecretsInAppSettings(ArmTemplate template) =>
        Check(template, inheritedSecrets: new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    private static List<string> Check(ArmTemplate template, HashSet<string> inheritedSecrets)
    {
        var secretParameters = new HashSet<string>(inheritedSecrets, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, definition) in template.Parameters)
        {
            if (((string?)definition["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
            {
                secretParameters.Add(name);
            }
        }

        var secretVariables = (template.Root["variables"] as JsonObject ?? [])
            .Where(pair => ReferencesAny(pair.Value, secretParameters, []))
            .Select(pair => pair.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var findings = new List<string>();
        foreach (var resource in template.Resources)
        {
            foreach (var settings in AppSettingsOf(resource))
            {
                if (ReferencesAny(settings, secretParameters, secretVariables))
                {
                    findings.Add($"{template.Path}: a @secure() parameter reaches the app settings of {(string?)resource["name"]}");
                }

                if (ArmTemplate.StringsIn(settings).Any(text => ListFunction().IsMatch(text)))
                {
                    findings.Add($"{template.Path}: a list*() key reaches the app settings of {(string?)resource["name"]}");
                }
            }
        }

        foreach (var (deployment, nested) in template.NestedDeployments)
        {
            var handedDown = (deployment["properties"]?["parameters"] as JsonObject ?? [])
                .Where(pair => ReferencesAny(pair.Value, secretParameters, secretVariables))
                .Select(pair => pair.Key)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            findings.AddRange(Check(nested, handedDown));
        }

        return findings;
    }

    private static IEnumerable<JsonNode> AppSettingsOf(JsonObject resource)
    {
        var type = (string?)resource["type"] ?? string.Empty;
        if (type.Equals("Microsoft.Web/sites", StringComparison.OrdinalIgnoreCase)
            || type.Equals("Microsoft.Web/sites/slots", StringComparison.OrdinalIgnoreCase))
        {
            if (resource["properties"]?["siteConfig"]?["appSettings"] is { } appSettings)
            {
                yield return appSettings;
            }
        }
        else if (type.Equals("Microsoft.Web/sites/config", StringComparison.OrdinalIgnoreCase)
            && ((string?)resource["name"])?.Contains("appsettings", StringComparison.OrdinalIgnoreCase) == true
            && resource["properties"] is { } properties)
        {
            yield return properties;
        }
    }

    private static bool ReferencesAny(JsonNode? node, IEnumerable<string> parameters, IEnumerable<string> variables) =>
        ArmTemplate.StringsIn(node).Any(expression =>
            parameters.Any(name => expression.Contains($"parameters('{name}')", StringComparison.OrdinalIgnoreCase))
            || variables.Any(name => expression.Contains($"variables('{name}')", StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();
}
