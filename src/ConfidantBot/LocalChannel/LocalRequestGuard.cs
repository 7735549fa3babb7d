using System.Net;
using Microsoft.Net.Http.Headers;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// In local mode nothing authenticates a request, so every request (the pages, the local channel,
/// the local connector and <c>/api/messages</c> itself) must come from this machine and from no web
/// page but the host's own:
/// <list type="bullet">
/// <item>the connection is on loopback and came through no proxy (a reverse proxy on the same machine
/// connects from loopback and may forward <c>Host: localhost</c>; it announces itself with
/// <c>Forwarded</c>/<c>X-Forwarded-*</c>);</item>
/// <item>the Host header names loopback (<c>localhost</c> or a loopback address) and the port the
/// request arrived on, so a page that re-points its own DNS name at 127.0.0.1 (DNS rebinding) is refused;</item>
/// <item>an <c>Origin</c>, if sent, is the host's own (a browser sends one with every cross-site post);</item>
/// <item>a request with a body says <c>application/json</c>: a cross-origin page can only send that
/// after a CORS preflight, which this host never answers, so a no-preflight form or <c>fetch</c>
/// post is refused before anything reads it.</item>
/// </list>
/// Tools on the same machine (the benchmark, test drivers, the local channel itself) send JSON to
/// 127.0.0.1 without an Origin and pass.
/// </summary>
internal sealed class LocalRequestGuard(RequestDelegate next)
{
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP"];

    public Task InvokeAsync(HttpContext context)
    {
        var refusal = FindRefusal(context);
        if (refusal is null)
        {
            return next(context);
        }

        var (statusCode, detail) = refusal.Value;
        var code = statusCode == StatusCodes.Status415UnsupportedMediaType ? ChannelProblems.BadRequest : ChannelProblems.Forbidden;
        return ChannelProblems.ForPage(statusCode, code, detail).ExecuteAsync(context);
    }

    internal static (int StatusCode, string Detail)? FindRefusal(HttpContext context)
    {
        var request = context.Request;
        if (!SelfAddress.IsLoopback(context.Connection.RemoteIpAddress))
        {
            return (StatusCodes.Status403Forbidden, "Local mode answers callers on this machine (loopback) only.");
        }

        if (ProxyHeaders.Any(request.Headers.ContainsKey))
        {
            return (StatusCodes.Status403Forbidden, "Local mode does not answer requests forwarded by a proxy.");
        }

        if (!IsOwnLoopbackHost(request.Host, context.Connection.LocalPort))
        {
            return (StatusCodes.Status403Forbidden, "The Host header must name this host on loopback (localhost or 127.0.0.1 with the port it listens on).");
        }

        if (request.Headers.Origin is { Count: > 0 } origin && !IsOwnOrigin(origin.ToString(), request))
        {
            return (StatusCodes.Status403Forbidden, "Requests from another web page (Origin) are refused in local mode.");
        }

        if (HasBody(request.Method) && !IsJson(request.ContentType))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "The body must be application/json.");
        }

        return null;
    }

    private static bool HasBody(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool IsOwnLoopbackHost(HostString host, int localPort)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host;
        var isLoopbackName = string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && SelfAddress.IsLoopback(address));
        return isLoopbackName && (localPort == 0 || host.Port == localPort || (host.Port is null && localPort == 80));
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        string.Equals(origin.Trim(), $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
}
