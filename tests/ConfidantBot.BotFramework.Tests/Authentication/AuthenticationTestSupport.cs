using ConfidantBot.BotFramework.Authentication;
using ConfidantBot.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;

namespace ConfidantBot.BotFramework.Tests.Authentication;

internal static class AuthenticationTestSupport
{
    private static readonly HttpClient MetadataClient = new();

    /// <summary>The recorded Teams 1:1 message (msteams, fake tenant, the README's serviceUrl).</summary>
    public static Activity TeamsMessage()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "protocol", "inbound-message-personal.json");
        return BotJson.DeserializeActivity(File.ReadAllBytes(path))!;
    }

    public static MetadataDocumentRetriever LoopbackRetriever() => new(() => MetadataClient);

    public static BotRequestAuthenticator CreateAuthenticator(
        BotAuthenticationOptions options,
        TimeProvider? time = null,
        ILogger<BotRequestAuthenticator>? logger = null,
        IDocumentRetriever? retriever = null) =>
        new(
            Options.Create(options),
            retriever ?? LoopbackRetriever(),
            time ?? TimeProvider.System,
            logger ?? NullLogger<BotRequestAuthenticator>.Instance);
}

/// <summary>Records every metadata address fetched and can simulate the metadata service being down.</summary>
internal sealed class RecordingDocumentRetriever(IDocumentRetriever inner) : IDocumentRetriever
{
    private readonly List<string> _addresses = [];

    public bool Unavailable { get; set; }

    public IReadOnlyList<string> Addresses
    {
        get
        {
            lock (_addresses)
            {
                return [.. _addresses];
            }
        }
    }

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        lock (_addresses)
        {
            _addresses.Add(address);
        }

        return Unavailable
            ? Task.FromException<string>(new IOException("metadata service unavailable (simulated)"))
            : inner.GetDocumentAsync(address, cancel);
    }
}

/// <summary>Keeps formatted log lines so tests can check what is (not) logged.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
