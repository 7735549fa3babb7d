using System.Reflection;

namespace ConfidantBot.Deployment.Tests.Tools;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package (a PackageDownload of
/// this test project); its path is baked into the assembly at build time.
/// </summary>
internal static class BicepCli
{
    // Bicep 0.49 looks up the public module index (aka.ms) on every build and lint, even with no
    // registry modules in use. It carries on when that fails, but a test must not even try to
    // reach an outside address: the proxy variables send any HTTP call to a closed local port.
    private static readonly Dictionary<string, string> Offline = new()
    {
        ["HTTP_PROXY"] = "http://127.0.0.1:9",
        ["HTTPS_PROXY"] = "http://127.0.0.1:9",
        ["ALL_PROXY"] = "http://127.0.0.1:9",
        ["NO_PROXY"] = string.Empty,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    public static string ExecutablePath
    {
        get
        {
            var path = typeof(BicepCli).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "BicepPath")
                .Value ?? string.Empty;
            Assert.True(File.Exists(path), $"Bicep CLI not found at '{path}': run 'dotnet restore' for ConfidantBot.Deployment.Tests (it downloads Azure.Bicep.CommandLine.linux-x64).");
            return path;
        }
    }

    public static Task<ToolResult> RunAsync(params string[] arguments) =>
        ToolProcess.RunAsync(ExecutablePath, arguments, RepositoryRoot.Find(), Offline);

    public static IEnumerable<string> TemplateFiles() =>
        Directory.EnumerateFiles(RepositoryRoot.PathTo("infra"), "*.bicep", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);
}
