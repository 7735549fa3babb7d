using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ConfidantBot.Bench.Turns;

/// <summary>CPU time and memory of a process, read from /proc (Linux).</summary>
public readonly record struct ProcessSample(TimeSpan CpuTime, long RssKb, long PeakRssKb);

/// <summary>Where resident memory goes: pages shared with other processes (framework images) versus the host's own.</summary>
public readonly record struct MemoryBreakdown(long RssKb, long PssKb, long PrivateKb, long AnonymousKb)
{
    public string Describe()
        => $"RSS {Mb(RssKb)} MB (private {Mb(PrivateKb)} MB, PSS {Mb(PssKb)} MB, anonymous {Mb(AnonymousKb)} MB; the rest are framework images shared with other .NET processes)";

    public static string Mb(long kilobytes) => (kilobytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>The real host, started as its own process so its CPU time and memory can be read alone.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    // USER_HZ: /proc/<pid>/stat counts CPU time in these ticks; 100 on every mainstream Linux.
    private const double TicksPerSecond = 100;

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly bool _keepData;

    private HostProcess(Process process, string baseUrl, string dataDirectory, bool keepData)
    {
        _process = process;
        BaseUrl = baseUrl;
        _dataDirectory = dataDirectory;
        _keepData = keepData;
    }

    /// <summary>How long after /healthz first answered "idle after start" is read: background start-up work has finished by then.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    public string DataDirectory => _dataDirectory;

    /// <summary>Starts the host and waits for /healthz. Without <paramref name="dataDirectory"/> it gets a new temporary folder.</summary>
    public static async Task<HostProcess> StartAsync(string hostDll, IReadOnlyList<string> extraArgs, IReadOnlyDictionary<string, string> environment, bool keepData, string? dataDirectory = null)
    {
        var port = FreeLoopbackPort();
        var baseUrl = $"http://127.0.0.1:{port}";
        keepData |= dataDirectory is not null;
        dataDirectory ??= Directory.CreateTempSubdirectory("confidantbot-bench-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { hostDll, "--urls", baseUrl, "--Bot:DataDirectory", dataDirectory }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        // Not Production: production refuses to start without an app id and Key Vault (local mode is the point here).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Benchmark";
        start.Environment["DOTNET_ENVIRONMENT"] = "Benchmark";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostProcess(process, baseUrl, dataDirectory, keepData);
        // The host's console is drained (and counted) so a full pipe never blocks it.
        process.OutputDataReceived += (_, e) => host.CountLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.CountLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitUntilHealthyAsync().ConfigureAwait(false);
        return host;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _recentLines = new();
    private long _consoleLines;
    private string? _lastLine;

    /// <summary>The host's last console lines (at most 40), to see what it logs per turn.</summary>
    public IEnumerable<string> RecentLines => _recentLines;

    /// <summary>Lines the host wrote to its console (logging volume per turn).</summary>
    public long ConsoleLines => Interlocked.Read(ref _consoleLines);

    private void CountLine(string? line)
    {
        if (line is not null)
        {
            Interlocked.Increment(ref _consoleLines);
            _lastLine = line;
            _recentLines.Enqueue(line);
            while (_recentLines.Count > 40 && _recentLines.TryDequeue(out _))
            {
            }
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode}: {_lastLine}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/healthz").ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException("The host did not become healthy within 60 s.");
    }

    public ProcessSample Sample()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name (which may contain spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return new ProcessSample(TimeSpan.FromSeconds(ticks / TicksPerSecond), rss, peak);
    }

    public MemoryBreakdown Memory()
    {
        long rss = 0, pss = 0, privateKb = 0, anonymous = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/smaps_rollup"))
        {
            if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("Pss:", StringComparison.Ordinal))
            {
                pss = Kilobytes(line);
            }
            else if (line.StartsWith("Private_", StringComparison.Ordinal))
            {
                privateKb += Kilobytes(line);
            }
            else if (line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                anonymous = Kilobytes(line);
            }
        }

        return new MemoryBreakdown(rss, pss, privateKb, anonymous);
    }

    private static long Kilobytes(string line)
        => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        if (!_keepData)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
