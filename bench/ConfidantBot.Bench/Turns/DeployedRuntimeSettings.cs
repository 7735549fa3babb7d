using System.Text.RegularExpressions;

namespace ConfidantBot.Bench.Turns;

/// <summary>
/// The runtime settings (<c>DOTNET_*</c> app settings) the deployment gives the host, read from
/// <c>infra/modules/appservice.bicep</c>, so the benchmark measures the host as it runs in Azure.
/// </summary>
public static partial class DeployedRuntimeSettings
{
    public static string BicepPath(string repositoryRoot) => Path.Combine(repositoryRoot, "infra", "modules", "appservice.bicep");

    /// <summary>Name and value of every app setting whose name starts with <c>DOTNET_</c>.</summary>
    public static IReadOnlyDictionary<string, string> Read(string bicepPath)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in AppSetting().Matches(File.ReadAllText(bicepPath)))
        {
            settings[match.Groups["name"].Value] = match.Groups["value"].Value;
        }

        return settings;
    }

    [GeneratedRegex(@"name:\s*'(?<name>DOTNET_[A-Za-z0-9_]+)'\s*value:\s*'(?<value>[^']*)'")]
    private static partial Regex AppSetting();
}
