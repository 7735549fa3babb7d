using System.Net;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>Resolves a service URL's host name to the addresses the connector would connect to.</summary>
/// <remarks>A seam for tests: a test resolver can answer a private address without any DNS traffic.</remarks>
public interface IServiceHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver (DNS).</summary>
public sealed class DnsServiceHostResolver : IServiceHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
