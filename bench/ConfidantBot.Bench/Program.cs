using BenchmarkDotNet.Running;
using ConfidantBot.Bench.Floor;
using ConfidantBot.Bench.Micro;
using ConfidantBot.Bench.Turns;

// `turns [options]`: whole turns over HTTP against the real host. `floor`: idle memory next to the libraries' floor.
// `micro [BenchmarkDotNet args]`: hot paths in-process.
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "turns":
        return await TurnBenchmark.RunAsync(TurnOptions.Parse(args[1..]));
    case "floor":
        return await FloorBenchmark.RunAsync(FloorOptions.Parse(args[1..]));
    case "micro":
        BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(args.Length > 1 ? args[1..] : ["--filter", "*"], new MicroConfig());
        return 0;
    default:
        Console.WriteLine("""
            ConfidantBot benchmarks
              turns [--scenarios menu,guide-walk] [--concurrency 1,16,64] [--total-turns N] [--warmup-turns N]
                    [--host-dll path] [--keep-data] [--show-host-log] [--host-arg --Setting=value] [--host-env NAME=value]
                  Starts the Release host (local mode, with the DOTNET_* settings of infra/modules/appservice.bicep)
                  and posts Teams message activities to /api/messages.
              floor [--repeat 3] [--host-dll path] [--host-env NAME=value]
                  Idle memory after start of an empty ASP.NET Core app with each library the bot needs, next to
                  the host on a new and on an existing data folder (the floor the idle-RSS target meets).
              micro [BenchmarkDotNet arguments, e.g. --filter *SlotSearch*]
                  Slot search, sealing, activity JSON (BenchmarkDotNet, short in-process runs).
            """);
        return command == "help" ? 0 : 2;
}
