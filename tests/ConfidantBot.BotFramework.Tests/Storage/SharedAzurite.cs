using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ConfidantBot.BotFramework.Tests.Storage;

/// <summary>
/// One Azurite table service for every test process of one test run, started from the repository's
/// <c>node_modules</c> (installed with <c>npm ci</c> when missing) and killed when the last test process
/// that used it exits.
/// </summary>
/// <remarks>
/// <c>dotnet test ConfidantBot.sln</c> runs each test assembly in its own process, in parallel. The processes
/// meet in a folder under the temp directory named after the repository root: a lock file (an exclusive
/// <see cref="FileShare.None"/> open, which the OS releases when a process dies) guards a state file with the
/// emulator's pid and port, and each process that uses it leaves a file named by its own pid. At process exit a
/// user removes its file; the last one alive kills Azurite, which ignores SIGTERM, with its process tree. A test
/// process that crashed leaves a stale file that the next process prunes; an emulator it left behind is reused
/// by the next run and killed at its end. Azurite writes to a log file, not to a pipe of ours, so it survives the
/// process that started it while other test processes still use it.
/// </remarks>
internal static class SharedAzurite
{
    // Azurite starts in a few seconds on an idle machine but can take a minute on a loaded 2-core one;
    // npm ci (first run on a clean clone) takes longer, so waiting for the lock allows for both.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private static Uri? endpoint;

    /// <summary>What the last acquisition did, for the test log: started, reused or installed.</summary>
    public static string? LastAction { get; private set; }

    public static async Task<Uri> AcquireAsync(string repositoryRoot)
    {
        await InProcess.WaitAsync().ConfigureAwait(false);
        try
        {
            if (endpoint is not null)
            {
                return endpoint;
            }

            var folder = MeetingFolder(repositoryRoot);
            using (await LockAsync(folder, LockTimeout).ConfigureAwait(false))
            {
                var started = await ReuseOrStartAsync(repositoryRoot, folder).ConfigureAwait(false);
                File.WriteAllText(UserFile(folder, Environment.ProcessId), StartTicks(Process.GetCurrentProcess()));
                if (started is { } emulator)
                {
                    StartWatchdog(folder, emulator);
                }

                endpoint = EndpointFor(ReadState(folder)!.Value.Port);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => Release(folder);
            return endpoint;
        }
        finally
        {
            InProcess.Release();
        }
    }

    /// <summary>The folder where the test processes of one repository meet.</summary>
    internal static string MeetingFolder(string repositoryRoot)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(repositoryRoot))))[..16].ToLowerInvariant();
        var folder = Path.Combine(Path.GetTempPath(), "confidantbot-azurite-" + hash);
        Directory.CreateDirectory(Path.Combine(folder, "users"));
        return folder;
    }

    /// <summary>Removes this process as a user; the last user kills the emulator.</summary>
    internal static void Release(string folder)
    {
        try
        {
            using var gate = LockAsync(folder, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            File.Delete(UserFile(folder, Environment.ProcessId));
            if (LiveUsers(folder) > 0)
            {
                return;
            }

            if (ReadState(folder) is { } state && AliveProcess(state.Pid, state.StartTicks) is { } emulator)
            {
                // Azurite ignores SIGTERM: SIGKILL. It is one node process (exec'd by the shell that started it). This
                // runs while the test host is shutting down, so nothing slow here (no walk of the process tree).
                emulator.Kill();
            }

            File.Delete(StateFile(folder));
        }
        catch (Exception exception) when (exception is IOException or TimeoutException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Process exit must not fail a test run; an emulator left behind is reused and killed by the next run.
        }
    }

    /// <summary>Reuses the running emulator (returns null) or starts one, recorded in the state file.</summary>
    private static async Task<Process?> ReuseOrStartAsync(string repositoryRoot, string folder)
    {
        if (ReadState(folder) is { } state && AliveProcess(state.Pid, state.StartTicks) is { } running)
        {
            if (await IsListeningAsync(state.Port).ConfigureAwait(false))
            {
                LastAction = $"reused the Azurite of this test run on 127.0.0.1:{state.Port} (pid {state.Pid})";
                return null;
            }

            running.Kill(entireProcessTree: true);
        }

        File.Delete(StateFile(folder));
        var installed = await EnsureInstalledAsync(repositoryRoot).ConfigureAwait(false);
        var executable = AzuriteFixture.LocateAzuriteTable(repositoryRoot);
        var log = Path.Combine(folder, "azurite.log");
        var (emulator, port) = await StartOnFreePortAsync(executable, folder, log).ConfigureAwait(false);
        File.WriteAllText(StateFile(folder), string.Join('\n', emulator.Id, port, StartTicks(emulator)));
        LastAction = $"{(installed ? "installed Azurite with npm ci and " : "")}started {executable} on 127.0.0.1:{port} (pid {emulator.Id}) for this test run";
        return emulator;
    }

    /// <summary>
    /// A test host that is killed, or whose exit handler is cut short, never releases. A small shell loop makes sure
    /// the emulator still ends: every 2 s it takes the same lock, and when no user process is alive it kills Azurite.
    /// </summary>
    private static void StartWatchdog(string folder, Process emulator)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/flock") && !File.Exists("/bin/flock"))
        {
            return;
        }

        const string Loop = """
            exec </dev/null >/dev/null 2>&1
            while sleep 2; do
              kill -0 "$2" 2>/dev/null || exit 0
              exec 9>"$1/lock"; flock 9
              alive=
              for f in "$1"/users/*; do [ -e "$f" ] && kill -0 "${f##*/}" 2>/dev/null && alive=1; done
              if [ -z "$alive" ]; then kill -9 "$2"; rm -f "$1/azurite.state"; exit 0; fi
              exec 9>&-
            done
            """;
        var start = new ProcessStartInfo("/bin/sh", ["-c", Loop, "azurite-watchdog", folder, emulator.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        };
        using var watchdog = Process.Start(start);
    }

    private static async Task<bool> EnsureInstalledAsync(string repositoryRoot)
    {
        try
        {
            AzuriteFixture.LocateAzuriteTable(repositoryRoot);
            return false;
        }
        catch (InvalidOperationException) when (File.Exists(Path.Combine(repositoryRoot, "package-lock.json")))
        {
        }

        var npm = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(argument);
        }

        using var install = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm to install Azurite.");
        var output = install.StandardOutput.ReadToEndAsync();
        var errors = install.StandardError.ReadToEndAsync();
        await install.WaitForExitAsync().ConfigureAwait(false);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"`npm ci` in {repositoryRoot} failed with exit code {install.ExitCode}, so Azurite is not installed:\n{await output}\n{await errors}");
        }

        return true;
    }

    private static Process StartDetached(string executable, int port, string folder, string log)
    {
        var arguments = $"--tableHost 127.0.0.1 --tablePort {port.ToString(CultureInfo.InvariantCulture)} --inMemoryPersistence --disableTelemetry --skipApiVersionCheck";
        // The shell is replaced by Azurite (exec), which writes to the log file: it holds no pipe of this process.
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe", $"/c \"\"{executable}\" {arguments} > \"{log}\" 2>&1\"")
            : new ProcessStartInfo("/bin/sh", ["-c", $"exec \"$0\" {arguments} >\"$1\" 2>&1 </dev/null", executable, log]);
        start.WorkingDirectory = folder;
        start.UseShellExecute = false;
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
    }

    /// <summary>
    /// Azurite cannot bind port 0 and tell which port it got, so a free port is picked first; another process (a parallel
    /// test's fake server, an outgoing connection) can take it before Azurite binds it. Azurite then exits with
    /// EADDRINUSE, and another port is tried.
    /// </summary>
    private static async Task<(Process Emulator, int Port)> StartOnFreePortAsync(string executable, string folder, string log)
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            File.Delete(log);
            var emulator = StartDetached(executable, port, folder, log);
            try
            {
                await WaitUntilListeningAsync(emulator, port, log).ConfigureAwait(false);
                return (emulator, port);
            }
            catch (InvalidOperationException) when (attempt < Attempts && emulator.HasExited && ReadLog(log).Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                emulator.Dispose();
            }
        }
    }

    private static async Task WaitUntilListeningAsync(Process emulator, int port, string log)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (emulator.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {emulator.ExitCode} before it listened:\n{ReadLog(log)}");
            }

            // Only Azurite's own word that it listens counts: whatever took the port before it could also accept a connection.
            if (ReadLog(log).Contains("successfully started", StringComparison.Ordinal) && await IsListeningAsync(port).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        emulator.Kill(entireProcessTree: true);
        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s:\n{ReadLog(log)}");
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<FileStream> LockAsync(string folder, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(folder, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }

    private static int LiveUsers(string folder)
    {
        var live = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "users")))
        {
            if (int.TryParse(Path.GetFileName(file), CultureInfo.InvariantCulture, out var pid) && AliveProcess(pid, SafeRead(file)) is not null)
            {
                live++;
            }
            else
            {
                File.Delete(file);
            }
        }

        return live;
    }

    /// <summary>The process with this pid, if it is still the one that was recorded (pids are reused).</summary>
    private static Process? AliveProcess(int pid, string? startTicks)
    {
        try
        {
            var process = Process.GetProcessById(pid);
            return !process.HasExited && StartTicks(process) == startTicks ? process : null;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static (int Pid, int Port, string StartTicks)? ReadState(string folder)
    {
        var lines = SafeRead(StateFile(folder))?.Split('\n');
        return lines is { Length: 3 }
            && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid)
            && int.TryParse(lines[1], CultureInfo.InvariantCulture, out var port)
            ? (pid, port, lines[2])
            : null;
    }

    /// <summary>
    /// When the process started, the same in every process that asks. On Linux the kernel's start time in clock
    /// ticks since boot (<see cref="Process.StartTime"/> adds a boot time that each process computes with jitter).
    /// </summary>
    internal static string StartTicks(Process process)
    {
        var stat = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/stat";
        if (OperatingSystem.IsLinux() && File.Exists(stat))
        {
            // Fields after the command name (which may hold spaces) start at ") "; starttime is field 22.
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19];
        }

        return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
    }

    private static string? SafeRead(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static string ReadLog(string log) => SafeRead(log) ?? "(no output)";

    internal static string StateFile(string folder) => Path.Combine(folder, "azurite.state");

    internal static string UserFile(string folder, int pid) => Path.Combine(folder, "users", pid.ToString(CultureInfo.InvariantCulture));

    private static Uri EndpointFor(int port) => new($"http://127.0.0.1:{port}/devstoreaccount1");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
