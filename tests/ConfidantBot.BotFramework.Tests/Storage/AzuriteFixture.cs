using Xunit.Abstractions;

namespace ConfidantBot.BotFramework.Tests.Storage;

/// <summary>
/// An Azurite table service for tests, on 127.0.0.1 only. Uses an emulator that is already running when
/// <see cref="EndpointVariable"/> (e.g. <c>http://127.0.0.1:10002/devstoreaccount1</c>) or
/// <see cref="ConnectionStringVariable"/> is set (as <c>scripts/test.sh</c> does); otherwise shares one
/// <c>node_modules/.bin/azurite-table</c> with every test process of this run (<see cref="SharedAzurite"/>),
/// installing it with <c>npm ci</c> when it is missing, so a plain <c>dotnet test</c> works.
/// Self-contained (with SharedAzurite.cs) so other test projects can link it.
/// </summary>
public sealed class AzuriteFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string EndpointVariable = "AZURITE_TABLE_ENDPOINT";
    public const string ConnectionStringVariable = "AZURITE_TABLE_CONNECTION_STRING";

    // Azurite's well-known development account; it is public and works only against the emulator.
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static int tableCounter;

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

        ConnectionString = ConnectionStringFor(await SharedAzurite.AcquireAsync(FindRepositoryRoot()));
        // Shown with xunit's diagnostic messages (xunit.runner.json), e.g. in the CI log.
        diagnostics.OnMessage(new Xunit.Sdk.DiagnosticMessage($"AzuriteFixture: {EndpointVariable} is not set; {SharedAzurite.LastAction}."));
    }

    // The emulator belongs to the whole test run: the last test process to exit stops it (SharedAzurite).
    public Task DisposeAsync() => Task.CompletedTask;

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
