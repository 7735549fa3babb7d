namespace ConfidantBot.Bench.Floor;

/// <summary>What <c>floor</c> runs: how many starts per configuration, and the same host overrides as <c>turns</c>.</summary>
public sealed record FloorOptions
{
    public int Repeat { get; init; } = 3;

    public string? HostDll { get; init; }

    public IReadOnlyDictionary<string, string> HostEnvironment { get; init; } = new Dictionary<string, string>();

    public static FloorOptions Parse(string[] args)
    {
        var options = new FloorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--repeat" => options with { Repeat = int.Parse(Next()) },
                "--host-dll" => options with { HostDll = Next() },
                "--host-env" => options with { HostEnvironment = Turns.TurnOptions.WithEnvironment(options.HostEnvironment, Next()) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Run without arguments for help."),
            };
        }

        return options.Repeat >= 1 ? options : throw new ArgumentException("--repeat must be at least 1.");
    }
}
