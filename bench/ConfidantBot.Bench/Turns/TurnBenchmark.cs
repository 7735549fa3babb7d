using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ConfidantBot.Bench.Turns;

/// <summary>
/// Whole turns over HTTP, as Teams sends them: a message activity to the host's /api/messages with
/// a serviceUrl pointing at <see cref="FakeConnector"/>; a turn is done when the POST returned 200
/// and the card reply reached the connector. N conversations run at once, each turn by turn.
/// </summary>
public static class TurnBenchmark
{
    private const string TenantId = "9f3c2b1a-0d4e-4f5a-8b6c-7d8e9fa0b1c2";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static async Task<int> RunAsync(TurnOptions options)
    {
        var root = BenchCheckout.FindRepositoryRoot();
        var hostDll = options.HostDll ?? BenchCheckout.FindHostDll(root);
        var environment = BenchCheckout.HostEnvironment(root, options.HostEnvironment);
        Console.WriteLine($"host: {hostDll}");
        Console.WriteLine($"host runtime settings: {BenchCheckout.DescribeEnvironment(environment)}");
        await using var connector = await FakeConnector.StartAsync();
        await using var host = await HostProcess.StartAsync(hostDll, options.HostArgs, environment, options.KeepData);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false }) { Timeout = options.TurnTimeout };

        await Task.Delay(HostProcess.SettleTime);
        var startIdle = host.Sample();
        var startMemory = host.Memory();
        Console.WriteLine($"host pid {host.ProcessId}, connector {connector.ServiceUrl}, idle after start: {startMemory.Describe()}");
        Console.WriteLine();
        Console.WriteLine($"{"scenario",-11} {"conc",4} {"turns",6} {"err",4} {"turns/s",8} {"p50 ms",7} {"p90 ms",7} {"p99 ms",7} {"max ms",7} {"cpu ms/turn",11} {"log/turn",8} {"RSS MB",7}");

        var runNumber = 0;
        var failed = false;
        foreach (var scenario in options.Scenarios.Select(Scenario.Named))
        {
            if (options.WarmupTurns > 0)
            {
                await RunOnceAsync(http, host, connector, scenario, Math.Min(options.Concurrency.Max(), options.WarmupTurns), options.WarmupTurns, $"w{runNumber++}");
            }

            foreach (var concurrency in options.Concurrency)
            {
                var result = await RunOnceAsync(http, host, connector, scenario, concurrency, options.TotalTurns, $"r{runNumber++}");
                Console.WriteLine(result.Format());
                failed |= result.Errors > 0;
            }
        }

        // Idle again: let the server's timers and the GC settle after the load.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var endIdle = host.Sample();
        Console.WriteLine();
        Console.WriteLine($"idle after the runs: {host.Memory().Describe()}");
        Console.WriteLine($"idle RSS after start {MemoryBreakdown.Mb(startIdle.RssKb)} MB, idle RSS after the runs {MemoryBreakdown.Mb(endIdle.RssKb)} MB, peak RSS (VmHWM) {MemoryBreakdown.Mb(endIdle.PeakRssKb)} MB");
        if (options.ShowHostLog)
        {
            Console.WriteLine("host console (last lines):");
            foreach (var line in host.RecentLines)
            {
                Console.WriteLine("  | " + line);
            }
        }

        Console.WriteLine("targets: guide c=64 p99 <= 40 ms and <= 0.5 ms host CPU per turn; idle RSS <= 80 MB");
        return failed ? 1 : 0;
    }

    private static async Task<RunResult> RunOnceAsync(HttpClient http, HostProcess host, FakeConnector connector, Scenario scenario, int concurrency, int totalTurns, string runId)
    {
        var turnsPerConversation = Math.Max(1, totalTurns / concurrency);
        var latencies = new double[concurrency][];
        var errors = 0;
        var before = host.Sample();
        var linesBefore = host.ConsoleLines;
        var clock = Stopwatch.StartNew();
        var conversations = Enumerable.Range(0, concurrency).Select(async index =>
        {
            var conversationId = $"a:bench-{scenario.Name}-{runId}-{index}";
            var userId = $"29:bench-user-{runId}-{index}";
            var timings = latencies[index] = new double[turnsPerConversation];
            for (var turn = 0; turn < turnsPerConversation; turn++)
            {
                var input = scenario.Turns[turn % scenario.Turns.Count];
                var body = MessageBody(connector.ServiceUrl, conversationId, userId, input);
                var started = Stopwatch.GetTimestamp();
                if (!await TryTurnAsync(http, host.BaseUrl, connector, conversationId, body, http.Timeout))
                {
                    Interlocked.Increment(ref errors);
                }

                timings[turn] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(conversations);
        clock.Stop();
        var after = host.Sample();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new RunResult(scenario.Name, concurrency, all, errors, clock.Elapsed, after.CpuTime - before.CpuTime, host.ConsoleLines - linesBefore, after);
    }

    private static async Task<bool> TryTurnAsync(HttpClient http, string baseUrl, FakeConnector connector, string conversationId, byte[] body, TimeSpan timeout)
    {
        var cardArrived = connector.ExpectCard(conversationId);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            using var response = await http.PostAsync(baseUrl + "/api/messages", content);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            await cardArrived.WaitAsync(timeout);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A Teams personal-chat message activity (fake ids), typed text or a card submit.</summary>
    private static byte[] MessageBody(string serviceUrl, string conversationId, string userId, TurnInput input)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "message");
            json.WriteString("id", "f:" + Guid.NewGuid().ToString("N"));
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("localTimezone", "Europe/Amsterdam");
            json.WriteString("serviceUrl", serviceUrl);
            json.WriteString("channelId", "msteams");
            json.WriteStartObject("from");
            json.WriteString("id", userId);
            json.WriteString("aadObjectId", "00000000-0000-4000-8000-00000000b0b0");
            json.WriteEndObject();
            json.WriteStartObject("conversation");
            json.WriteString("conversationType", "personal");
            json.WriteString("tenantId", TenantId);
            json.WriteString("id", conversationId);
            json.WriteEndObject();
            json.WriteStartObject("recipient");
            json.WriteString("id", "28:00000000-0000-4000-8000-0000000000b0");
            json.WriteString("name", "ConfidantBot");
            json.WriteEndObject();
            json.WriteString("textFormat", "plain");
            json.WriteString("locale", "nl-NL");
            if (input.Text is not null)
            {
                json.WriteString("text", input.Text);
            }

            if (input.Value is not null)
            {
                json.WritePropertyName("value");
                input.Value.WriteTo(json);
            }

            json.WriteStartObject("channelData");
            json.WriteStartObject("tenant");
            json.WriteString("id", TenantId);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("entities");
            json.WriteStartObject();
            json.WriteString("type", "clientInfo");
            json.WriteString("locale", "nl-NL");
            json.WriteString("country", "NL");
            json.WriteString("platform", "Web");
            json.WriteString("timezone", "Europe/Amsterdam");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record RunResult(string Scenario, int Concurrency, double[] SortedLatencies, int Errors, TimeSpan Elapsed, TimeSpan HostCpu, long LogLines, ProcessSample After)
    {
        public string Format()
        {
            var turns = SortedLatencies.Length;
            var invariant = CultureInfo.InvariantCulture;
            return string.Create(invariant,
                $"{Scenario,-11} {Concurrency,4} {turns,6} {Errors,4} {turns / Elapsed.TotalSeconds,8:F0} {Percentile(0.50),7:F2} {Percentile(0.90),7:F2} {Percentile(0.99),7:F2} {SortedLatencies[^1],7:F2} {HostCpu.TotalMilliseconds / turns,11:F3} {(double)LogLines / turns,8:F2} {MemoryBreakdown.Mb(After.RssKb),7}");
        }

        private double Percentile(double p) => SortedLatencies[Math.Min(SortedLatencies.Length - 1, (int)Math.Ceiling(p * SortedLatencies.Length) - 1)];
    }
}
