namespace ConfidantBot.Bench.Turns;

/// <summary>Where the benchmarks find what they start: this checkout's Release builds and its deployed runtime settings.</summary>
public static class BenchCheckout
{
    public static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConfidantBot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("ConfidantBot.sln not found above the benchmark; run it from a checkout.");
    }

    /// <summary>src/ConfidantBot/bin/Release/net10.0/ConfidantBot.dll, built with the benchmark (it references the host).</summary>
    public static string FindHostDll(string root) => ReleaseDll(root, "src", "ConfidantBot");

    /// <summary>The empty app with the bot's libraries that <c>floor</c> starts (bench/ConfidantBot.FloorProbe).</summary>
    public static string FindFloorProbeDll(string root) => ReleaseDll(root, "bench", "ConfidantBot.FloorProbe");

    /// <summary>The deployed DOTNET_* settings, then the overrides (an empty value removes a setting).</summary>
    public static Dictionary<string, string> HostEnvironment(string root, IReadOnlyDictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string>(DeployedRuntimeSettings.Read(DeployedRuntimeSettings.BicepPath(root)), StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            if (value.Length == 0)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    public static string DescribeEnvironment(IReadOnlyDictionary<string, string> environment)
        => environment.Count == 0 ? "runtime defaults" : string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"));

    private static string ReleaseDll(string root, string folder, string project)
    {
        var dll = Path.Combine(root, folder, project, "bin", "Release", "net10.0", project + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"Build it first (dotnet build -c Release {folder}/{project}), or run the benchmark with dotnet run -c Release. Looked for {dll}.");
    }
}
