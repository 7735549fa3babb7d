using System.Net;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// Keeps the local channel to this machine even if someone binds the host more widely: the caller
/// must be on loopback, and the Host header must name loopback (so a web page that re-points its
/// own DNS name at 127.0.0.1 cannot drive the channel from the developer's browser).
/// </summary>
internal sealed class LoopbackOnlyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!SelfAddress.IsLoopback(http.Connection.RemoteIpAddress) || !IsLoopbackHost(http.Request.Host.Host))
        {
            return ValueTask.FromResult<object?>(ChannelProblems.ForPage(StatusCodes.Status403Forbidden, ChannelProblems.Forbidden, "The local channel answers loopback callers only."));
        }

        return next(context);
    }

    private static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
