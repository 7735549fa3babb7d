using System.Net;
using System.Net.Sockets;

namespace ConfidantBot.Tests.Infrastructure;

public static class LocalPorts
{
    /// <summary>
    /// A URL for a fake server (WireMock, Kestrel) on 127.0.0.1 whose port the OS picks while binding; read the bound
    /// port from the server afterwards. Never pick a "free" port first and bind it later: between the two, a parallel
    /// test (or any outgoing connection) can take that port.
    /// </summary>
    public const string AnyPortUrl = "http://127.0.0.1:0";
}

/// <summary>
/// A port on 127.0.0.1 where every connection is refused, for as long as this object lives: a socket is bound to it
/// but never listens, so no other test can bind the port meanwhile. (A stopped server's port is free again, and a
/// parallel test's fake took one and answered 404 where the test expected no answer at all.)
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public void Dispose() => _socket.Dispose();
}
