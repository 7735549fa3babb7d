using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// The host's own loopback base address, taken from the socket the page's request arrived on: the
/// host certainly listens there, so the channel can call itself without guessing ports or names.
/// </summary>
internal static class SelfAddress
{
    public static string BaseUrl(HttpContext context)
    {
        var address = context.Connection.LocalIpAddress;
        var port = context.Connection.LocalPort;
        if (address is null || port == 0)
        {
            return FromServerAddresses(context.RequestServices);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"{context.Request.Scheme}://{host}:{port}/";
    }

    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static string FromServerAddresses(IServiceProvider services)
    {
        var first = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host has no listening address; the local channel needs a real HTTP listener.");
        var uri = new UriBuilder(first);
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri.ToString();
    }
}
