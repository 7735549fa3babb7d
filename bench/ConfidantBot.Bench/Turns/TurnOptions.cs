namespace ConfidantBot.Bench.Turns;

/// <summary>What the turn benchmark runs. Every run is bounded: a fixed number of turns, then it stops.</summary>
public sealed record TurnOptions
{
    public IReadOnlyList<string> Scenarios { get; init; } = ["menu", "guide-walk"];
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16, 64];

    /// <summary>Measured turns per (scenario, concurrency) run, spread evenly over the conversations.</summary>
    public int TotalTurns { get; init; } = 3200;

    /// <summary>
    /// Unmeasured turns per scenario before the measured runs, at the highest concurrency of the run:
    /// tiered compilation keeps recompiling hot methods for the first ~15,000 turns, and the thread pool grows to the load.
    /// </summary>
    public int WarmupTurns { get; init; } = 20000;

    /// <summary>How long one turn may take before it counts as an error.</summary>
    public TimeSpan TurnTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The built host; by default src/ConfidantBot/bin/Release/net10.0/ConfidantBot.dll of this checkout.</summary>
    public string? HostDll { get; init; }

    /// <summary>Keep the host's temporary data folder (SQLite file) for inspection.</summary>
    public bool KeepData { get; init; }

    /// <summary>Print the host's last console lines at the end.</summary>
    public bool ShowHostLog { get; init; }

    /// <summary>Extra host settings, e.g. <c>--host-arg --Logging:LogLevel:Default=Warning</c>.</summary>
    public IReadOnlyList<string> HostArgs { get; init; } = [];

    /// <summary>
    /// Extra environment for the host, e.g. <c>--host-env DOTNET_gcServer=1</c> to compare runtime settings. It
    /// overrides the deployed <c>DOTNET_*</c> settings (<see cref="DeployedRuntimeSettings"/>); an empty value
    /// (<c>--host-env DOTNET_GCgen0size=</c>) removes one, leaving the runtime's default.
    /// </summary>
    public IReadOnlyDictionary<string, string> HostEnvironment { get; init; } = new Dictionary<string, string>();

    public static TurnOptions Parse(string[] args)
    {
        var options = new TurnOptions();
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--scenarios" => options with { Scenarios = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--concurrency" => options with { Concurrency = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)] },
                "--total-turns" => options with { TotalTurns = int.Parse(Next()) },
                "--warmup-turns" => options with { WarmupTurns = int.Parse(Next()) },
                "--turn-timeout-seconds" => options with { TurnTimeout = TimeSpan.FromSeconds(int.Parse(Next())) },
                "--host-dll" => options with { HostDll = Next() },
                "--keep-data" => options with { KeepData = true },
                "--show-host-log" => options with { ShowHostLog = true },
                "--host-arg" => AddHostArg(options, hostArgs, Next()),
                "--host-env" => AddHostEnvironment(options, Next()),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Run without arguments for help."),
            };
        }

        foreach (var name in options.Scenarios)
        {
            _ = Scenario.Named(name);
        }

        if (options.Concurrency.Count == 0 || options.Concurrency.Any(c => c < 1) || options.TotalTurns < 1 || options.WarmupTurns < 0)
        {
            throw new ArgumentException("Concurrency levels and turn counts must be positive.");
        }

        return options;
    }

    private static TurnOptions AddHostEnvironment(TurnOptions options, string assignment)
        => options with { HostEnvironment = WithEnvironment(options.HostEnvironment, assignment) };

    /// <summary>The environment overrides plus one <c>--host-env NAME=value</c>.</summary>
    public static IReadOnlyDictionary<string, string> WithEnvironment(IReadOnlyDictionary<string, string> environment, string assignment)
    {
        var split = assignment.IndexOf('=', StringComparison.Ordinal);
        if (split < 1)
        {
            throw new ArgumentException("--host-env needs NAME=value.");
        }

        return new Dictionary<string, string>(environment) { [assignment[..split]] = assignment[(split + 1)..] };
    }

    private static TurnOptions AddHostArg(TurnOptions options, List<string> hostArgs, string value)
    {
        hostArgs.Add(value);
        return options with { HostArgs = [.. hostArgs] };
    }
}
