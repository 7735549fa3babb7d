using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using WireMock;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.BotFramework.Tests.Connector;

/// <summary>A Bot Connector stand-in on 127.0.0.1 that records every request it receives.</summary>
internal sealed class FakeConnector : IDisposable
{
    public const string TenantPath = "/amer/00000000-0000-0000-0000-0000000000aa/";

    public FakeConnector()
    {
        Server = WireMockServer.Start(new WireMockServerSettings
        {
            // Port 0: the OS picks a free port while binding (WireMock then reports it in Url). A port picked first and bound
            // later can be taken meanwhile by a parallel test or an outgoing connection.
            Urls = ["http://127.0.0.1:0"],
            // WireMock logs the decoded path; the request target as sent shows the percent-encoding.
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                _requestTargets.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
                await next(context).ConfigureAwait(false);
            }),
        });
    }

    private readonly ConcurrentQueue<string> _requestTargets = new();

    public WireMockServer Server { get; }

    /// <summary>Request targets exactly as they arrived on the wire (path and query, still encoded).</summary>
    public IReadOnlyList<string> RequestTargets => [.. _requestTargets];

    /// <summary>A Teams-style service URL with a region/tenant path and a trailing slash.</summary>
    public string ServiceUrl => Server.Url + TenantPath;

    public IReadOnlyList<IRequestMessage> Requests => [.. Server.LogEntries.Select(e => e.RequestMessage!)];

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public void Dispose() => Server.Stop();
}
