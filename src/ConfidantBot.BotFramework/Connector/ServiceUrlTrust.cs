using System.Net;
using Microsoft.Extensions.Options;

namespace ConfidantBot.BotFramework.Connector;

/// <summary>
/// In-memory <see cref="IServiceUrlTrust"/>. The set is small in practice (a few Teams regions per
/// tenant), but it is bounded: past <see cref="ConnectorOptions.MaxTrustedServiceUrls"/> the least
/// recently trusted URL is forgotten, so a flood of authenticated activities cannot grow it without end.
/// A forgotten URL is trusted again by the next authenticated activity or proactive send that carries it.
/// </summary>
public sealed class ServiceUrlTrust : IServiceUrlTrust
{
    private readonly bool _localMode;
    private readonly IReadOnlyList<string> _allowedHosts;
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Uri>> _trusted = new(StringComparer.Ordinal);
    private readonly LinkedList<Uri> _leastRecentLast = new();

    public ServiceUrlTrust(IOptions<ConnectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _localMode = options.Value.LocalMode;
        _allowedHosts = [.. options.Value.EffectiveAllowedServiceHosts.Select(host => host.Trim().ToLowerInvariant())];
        _capacity = Math.Max(1, options.Value.MaxTrustedServiceUrls);
    }

    public bool Trust(string? serviceUrl)
    {
        if (!TryNormalise(serviceUrl, out var baseUri) || CheckModeRule(baseUri) is not null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_trusted.TryGetValue(baseUri.AbsoluteUri, out var node))
            {
                _leastRecentLast.Remove(node);
                _leastRecentLast.AddFirst(node);
                return true;
            }

            _trusted.Add(baseUri.AbsoluteUri, _leastRecentLast.AddFirst(baseUri));
            if (_trusted.Count > _capacity)
            {
                var oldest = _leastRecentLast.Last!;
                _leastRecentLast.RemoveLast();
                _trusted.Remove(oldest.Value.AbsoluteUri);
            }
        }

        return true;
    }

    public bool IsTrusted(string? serviceUrl) => FindRefusal(serviceUrl, out _) is null;

    public Uri GetTrustedBaseUri(string? serviceUrl)
    {
        var refusal = FindRefusal(serviceUrl, out var baseUri);
        return refusal is null ? baseUri! : throw new UntrustedServiceUrlException(refusal);
    }

    private string? FindRefusal(string? serviceUrl, out Uri? baseUri)
    {
        if (!TryNormalise(serviceUrl, out var normalised))
        {
            baseUri = null;
            return "Refused to post: the service URL is not an absolute http(s) URL without user info, query or fragment.";
        }

        baseUri = normalised;
        var ruleBroken = CheckModeRule(normalised);
        if (ruleBroken is not null)
        {
            return ruleBroken;
        }

        lock (_gate)
        {
            if (_trusted.ContainsKey(normalised.AbsoluteUri))
            {
                return null;
            }
        }

        return $"Refused to post to {normalised.Scheme}://{normalised.Authority}: this service URL was not received in an authenticated activity.";
    }

    private string? CheckModeRule(Uri baseUri)
    {
        if (_localMode)
        {
            return IsLoopback(baseUri)
                ? null
                : $"Refused to post to {baseUri.Scheme}://{baseUri.Authority}: local mode only posts to loopback addresses.";
        }

        if (baseUri.Scheme != Uri.UriSchemeHttps)
        {
            return $"Refused to post to {baseUri.Scheme}://{baseUri.Authority}: a service URL must use https outside local mode.";
        }

        if (baseUri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return $"Refused to post to {baseUri.Scheme}://{baseUri.Authority}: a service URL must name a host, not an IP address.";
        }

        return IsAllowedHost(baseUri.IdnHost)
            ? null
            : $"Refused to post to {baseUri.Scheme}://{baseUri.Authority}: the host is not one of the Bot Framework and Teams service hosts (Connector:AllowedServiceHosts).";
    }

    private bool IsAllowedHost(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return _allowedHosts.Any(allowed => allowed.StartsWith("*.", StringComparison.Ordinal)
            ? name.EndsWith(allowed[1..], StringComparison.Ordinal) && name.Length > allowed.Length - 1
            : string.Equals(name, allowed, StringComparison.Ordinal));
    }

    /// <summary>Scheme and host lower-cased, explicit port, path ending in '/' so that both spellings match.</summary>
    private static bool TryNormalise(string? serviceUrl, out Uri baseUri)
    {
        baseUri = null!;
        if (string.IsNullOrWhiteSpace(serviceUrl) || serviceUrl.Length > 2048
            || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || uri.Host.Length == 0)
        {
            return false;
        }

        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return Uri.TryCreate($"{uri.Scheme}://{uri.Host}:{uri.Port}{path}", UriKind.Absolute, out baseUri!);
    }

    private static bool IsLoopback(Uri uri)
    {
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(uri.DnsSafeHost, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address);
    }
}
