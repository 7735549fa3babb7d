using Azure.Core;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;

namespace ConfidantBot.Booking.Calendar;

public static class GraphClients
{
    /// <summary>
    /// A Graph client with the SDK's default handlers (retry with Retry-After, redirect,
    /// compression) whose bearer tokens are only sent to the configured Graph host.
    /// </summary>
    public static GraphServiceClient Create(TokenCredential credential, string baseUrl, HttpMessageHandler? finalHandler = null)
    {
        var host = new Uri(baseUrl).Host;
        var authentication = new AzureIdentityAuthenticationProvider(credential, allowedHosts: [host], scopes: ["https://graph.microsoft.com/.default"]);
        var httpClient = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: finalHandler);
        return new GraphServiceClient(httpClient, authentication, baseUrl);
    }
}

/// <summary>The identity the app signs in to Graph with; readiness (/healthz/ready) asks it for a token too.</summary>
public sealed record GraphCredential(TokenCredential Credential);
