using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConfidantBot.BotFramework.Tests.Storage;

/// <summary>
/// An Azurite table service for tests, on 127.0.0.1 only. Uses an emulator that is already running when
/// <see cref="EndpointVariable"/> (e.g. <c>http://127.0.0.1:10002/devstoreaccount1</c>) or
/// <see cref="ConnectionStringVariable"/> is set; otherwise starts <c>node_modules/.bin/azurite-table</c>
/// from the repository root in memory on a free port and stops it (whole process tree) on dispose.
/// Self-contained so other test projects can link this file.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string EndpointVariable = "AZURITE_TABLE_ENDPOINT";
    public const string ConnectionStringVariable = "AZURITE_TABLE_CONNECTION_STRING";

    // Azurite's well-known development account; it is public and works only against the emulator.
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    // Azurite starts in a few seconds on an idle machine but can take a minute on a loaded 2-core one.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static int tableCounter;

    private readonly ConcurrentQueue<string> emulatorOutput = new();
    private Process? emulator;
    private string? workFolder;

    /// <summary>A connection string for the emulator's table service.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A table name no other test uses (letters and digits, ≤ 63 characters).</summary>
    public static string NewTableName(string prefix)
    {
        var name = $"{prefix}{Interlocked.Increment(ref tableCounter)}x{Guid.NewGuid():N}";
        return name.Length <= 63 ? name : name[..63];
    }

    public static string ConnectionStringFor(Uri tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentAccountKey};TableEndpoint={tableEndpoint.ToString().TrimEnd('/')};";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } connectionString)
        {
            ConnectionString = connectionString;
            return;
        }

        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } endpoint)
        {
            ConnectionString = ConnectionStringFor(RunningEmulator(endpoint));
            return;
        }

        await StartEmulatorAsync();
    }

    public async Task DisposeAsync()
    {
        if (emulator is not null)
        {
            // Azurite ignores SIGTERM, and node starts children: end the whole tree.
            if (!emulator.HasExited)
            {
                emulator.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await emulator.WaitForExitAsync(wait.Token);
            }

            emulator.Dispose();
        }

        if (workFolder is not null && Directory.Exists(workFolder))
        {
            Directory.Delete(workFolder, recursive: true);
        }
    }

    /// <summary>The installed <c>azurite-table</c> launcher; fails with the command to install it.</summary>
    internal static string LocateAzuriteTable(string repositoryRoot)
    {
        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite-table.cmd" : "azurite-table");
        return File.Exists(executable)
            ? executable
            : throw new InvalidOperationException(
                $"Azurite is not installed: {executable} is missing. Run `npm ci` at the repository root ({repositoryRoot}) " +
                $"(`npm install` if there is no package-lock.json), or set {EndpointVariable} to a running emulator.");
    }

    internal static Uri RunningEmulator(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !uri.IsLoopback)
        {
            throw new InvalidOperationException($"{EndpointVariable} must be an absolute loopback URL such as http://127.0.0.1:10002/{DevelopmentAccount}: tests talk to 127.0.0.1 only.");
        }

        return uri.AbsolutePath.Trim('/').Length == 0 ? new Uri(uri, DevelopmentAccount) : uri;
    }

    private async Task StartEmulatorAsync()
    {
        var executable = LocateAzuriteTable(FindRepositoryRoot());
        var port = FreeLoopbackPort();
        workFolder = Directory.CreateTempSubdirectory("confidantbot-azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck",
        })
        {
            start.ArgumentList.Add(argument);
        }

        emulator = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        emulator.OutputDataReceived += (_, line) => Remember(line.Data);
        emulator.ErrorDataReceived += (_, line) => Remember(line.Data);
        emulator.BeginOutputReadLine();
        emulator.BeginErrorReadLine();

        await WaitUntilListeningAsync(port);
        ConnectionString = ConnectionStringFor(new Uri($"http://127.0.0.1:{port}/{DevelopmentAccount}"));
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (emulator!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {emulator.ExitCode} before it listened:\n{string.Join('\n', emulatorOutput)}");
            }

            using var client = new TcpClient();
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                return;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s:\n{string.Join('\n', emulatorOutput)}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        emulatorOutput.Enqueue(line);
        while (emulatorOutput.Count > 50 && emulatorOutput.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ConfidantBot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ConfidantBot.sln above {AppContext.BaseDirectory}: cannot find the repository root to start Azurite.");
    }
}
