using System.Net;
using System.Net.Sockets;

namespace ConfidantBot.Tests.Infrastructure;

public static class LocalPorts
{
    /// <summary>A free TCP port on 127.0.0.1 (for fakes that need a fixed URL before they start).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
