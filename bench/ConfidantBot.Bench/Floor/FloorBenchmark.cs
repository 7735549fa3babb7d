using System.Globalization;
using ConfidantBot.Bench.Turns;

namespace ConfidantBot.Bench.Floor;

/// <summary>
/// Idle memory of the host next to the floor set by its libraries: an empty ASP.NET Core app
/// (bench/ConfidantBot.FloorProbe) started with one library in use at a time, then with the ones any host of this
/// design needs, then the real host on a new and on an existing data folder. Every start is measured the way
/// <c>turns</c> measures "idle after start": /healthz answered, then <see cref="HostProcess.SettleTime"/>.
/// </summary>
public static class FloorBenchmark
{
    private sealed record Configuration(string Name, string ProbeParts);

    private static readonly Configuration[] ProbeConfigurations =
    [
        new("empty ASP.NET Core app (slim builder, /healthz)", ""),
        new("+ SQLite store (Microsoft.Data.Sqlite, WAL)", "sqlite"),
        new("+ sealing and person hash (AES-GCM, HMAC)", "crypto"),
        new("+ activity JSON (System.Text.Json)", "json"),
        new("+ connector HttpClient (IHttpClientFactory)", "http"),
        new("+ connector HttpClient with resilience", "http,resilience"),
        new("+ time zones (NodaTime)", "noda"),
        new("store + crypto + JSON + HttpClient", "sqlite,crypto,json,http"),
        new("all six libraries", "sqlite,crypto,json,http,resilience,noda"),
    ];

    public static async Task<int> RunAsync(FloorOptions options)
    {
        var root = BenchCheckout.FindRepositoryRoot();
        var hostDll = options.HostDll ?? BenchCheckout.FindHostDll(root);
        var probeDll = BenchCheckout.FindFloorProbeDll(root);
        var environment = BenchCheckout.HostEnvironment(root, options.HostEnvironment);
        Console.WriteLine($"idle memory after start (/healthz answered + {HostProcess.SettleTime.TotalSeconds:F0} s), median of {options.Repeat} starts");
        Console.WriteLine($"runtime settings: {BenchCheckout.DescribeEnvironment(environment)}");
        Console.WriteLine();
        Console.WriteLine($"{"what runs",-50} {"RSS MB",7} {"min-max",11} {"anon MB",8} {"vs empty",8}");

        double? empty = null;
        foreach (var configuration in ProbeConfigurations)
        {
            var samples = new List<MemoryBreakdown>();
            for (var i = 0; i < options.Repeat; i++)
            {
                samples.Add(await MeasureStartAsync(probeDll, ["--parts", configuration.ProbeParts], environment, dataDirectory: null));
            }

            empty ??= Median(samples).RssKb;
            Console.WriteLine(Format(configuration.Name, samples, empty.Value));
        }

        var firstStarts = new List<MemoryBreakdown>();
        var restarts = new List<MemoryBreakdown>();
        var telemetryOn = new List<MemoryBreakdown>();
        // Telemetry on as deployed (OpenTelemetry + Azure Monitor exporter), sending to a closed port on this machine.
        var withTelemetry = new Dictionary<string, string>(environment)
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        };
        for (var i = 0; i < options.Repeat; i++)
        {
            var dataDirectory = Directory.CreateTempSubdirectory("confidantbot-floor-").FullName;
            try
            {
                firstStarts.Add(await MeasureStartAsync(hostDll, [], environment, dataDirectory));
                restarts.Add(await MeasureStartAsync(hostDll, [], environment, dataDirectory));
                telemetryOn.Add(await MeasureStartAsync(hostDll, [], withTelemetry, dataDirectory));
            }
            finally
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }

        Console.WriteLine(Format("ConfidantBot, first start (new data folder)", firstStarts, empty!.Value));
        Console.WriteLine(Format("ConfidantBot, restart on its data folder", restarts, empty.Value));
        Console.WriteLine(Format("ConfidantBot, restart, telemetry on", telemetryOn, empty.Value));
        Console.WriteLine();
        Console.WriteLine("target: idle RSS <= 80 MB");
        return 0;
    }

    private static async Task<MemoryBreakdown> MeasureStartAsync(string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, string? dataDirectory)
    {
        await using var process = await HostProcess.StartAsync(dll, args, environment, keepData: false, dataDirectory);
        await Task.Delay(HostProcess.SettleTime);
        return process.Memory();
    }

    private static MemoryBreakdown Median(List<MemoryBreakdown> samples) => samples.OrderBy(s => s.RssKb).ElementAt(samples.Count / 2);

    private static string Format(string name, List<MemoryBreakdown> samples, double emptyKb)
    {
        var median = Median(samples);
        var range = $"{MemoryBreakdown.Mb(samples.Min(s => s.RssKb))}-{MemoryBreakdown.Mb(samples.Max(s => s.RssKb))}";
        var difference = (median.RssKb - emptyKb) / 1024.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-50} {MemoryBreakdown.Mb(median.RssKb),7} {range,11} {MemoryBreakdown.Mb(median.AnonymousKb),8} {difference,8:+0.0;-0.0;0.0}");
    }
}
