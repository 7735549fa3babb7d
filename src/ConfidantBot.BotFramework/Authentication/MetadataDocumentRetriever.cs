using System.Net;
using Microsoft.IdentityModel.Protocols;

namespace ConfidantBot.BotFramework.Authentication;

/// <summary>
/// Fetches OpenID metadata and key sets. Every address (the metadata URL and the <c>jwks_uri</c> it
/// names) must be https, except a loopback address, which local test issuers use.
/// </summary>
public sealed class MetadataDocumentRetriever : IDocumentRetriever
{
    private readonly Func<HttpClient> _createClient;

    /// <param name="createClient">Gives the client for one fetch (e.g. from <c>IHttpClientFactory</c>); fetches are rare.</param>
    public MetadataDocumentRetriever(Func<HttpClient> createClient)
    {
        ArgumentNullException.ThrowIfNull(createClient);
        _createClient = createClient;
    }

    public static bool IsAllowedAddress(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsAbsoluteUri
            && (address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && IsLoopback(address)));
    }

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !IsAllowedAddress(uri))
        {
            throw new InvalidOperationException("OpenID metadata addresses must be https (http only on a loopback address).");
        }

        var retriever = new HttpDocumentRetriever(_createClient()) { RequireHttps = !IsLoopback(uri) };
        return await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
