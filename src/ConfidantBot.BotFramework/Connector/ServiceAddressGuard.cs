using System.Net;
using System.Net.Sockets;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// The connect-time half of the SSRF guard: the service URL's host is resolved when the connector
/// opens a connection, and outside local mode a host that resolves to a private, loopback,
/// link-local or otherwise non-public address is refused before any byte is sent. The allow-list
/// (<see cref="ServiceUrlTrust"/>) checks names; this checks where the names lead today, so a DNS
/// answer pointing into the bot's own network cannot receive its bearer token.
/// </summary>
public static class ServiceAddressGuard
{
    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves with <paramref name="resolver"/> and checks every address.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(IServiceHostResolver resolver, bool localMode)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
            if (addresses.Length == 0)
            {
                throw new RefusedServiceAddressException($"The service host {host} resolved to no address.");
            }

            if (!localMode && addresses.FirstOrDefault(address => !IsPublic(address)) is { } refused)
            {
                throw new RefusedServiceAddressException(
                    $"Refused to connect to {host}: it resolves to {Describe(refused)}, which the connector never posts to outside local mode.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }

    /// <summary>
    /// False for addresses that are not on the public internet: loopback, private (RFC 1918, IPv6
    /// unique local), link-local (incl. the cloud metadata address 169.254.169.254), shared
    /// carrier-grade NAT, "this network", multicast, broadcast and documentation/benchmark ranges.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0
                || b[0] == 10
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)
                || b[0] >= 224);
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || address.IsIPv6UniqueLocal
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && !IsPublic(new IPAddress(b.AsSpan(12, 4)))));
        }

        return false;
    }

    private static string Describe(IPAddress address) =>
        IPAddress.IsLoopback(address) ? "a loopback address"
        : address.IsIPv6LinkLocal || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..]) ? "a link-local address"
        : "a private or non-public address";
}

/// <summary>The connector refused to connect: the service host resolved to an address it never posts to.</summary>
public sealed class RefusedServiceAddressException(string message) : IOException(message);
