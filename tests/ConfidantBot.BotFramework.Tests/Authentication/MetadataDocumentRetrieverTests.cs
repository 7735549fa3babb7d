using System.Net;
using ConfidantBot.BotFramework.Authentication;

namespace ConfidantBot.BotFramework.Tests.Authentication;

public sealed class MetadataDocumentRetrieverTests
{
    [Theory]
    [InlineData("http://login.botframework.com/v1/.well-known/openidconfiguration")]
    [InlineData("http://10.0.0.1/keys")]
    [InlineData("ftp://127.0.0.1/keys")]
    [InlineData("not a url")]
    public async Task Plain_http_to_anything_but_loopback_is_refused_before_any_request(string address)
    {
        var handler = new RecordingHandler();
        var retriever = new MetadataDocumentRetriever(() => new HttpClient(handler, disposeHandler: false));

        await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.GetDocumentAsync(address, CancellationToken.None));

        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("https://login.botframework.com/v1/.well-known/keys")]
    [InlineData("http://127.0.0.1:5000/v1/.well-known/keys")]
    [InlineData("http://localhost:5000/v1/.well-known/keys")]
    [InlineData("http://[::1]:5000/v1/.well-known/keys")]
    public async Task Https_and_loopback_http_are_fetched(string address)
    {
        var handler = new RecordingHandler();
        var retriever = new MetadataDocumentRetriever(() => new HttpClient(handler, disposeHandler: false));

        var document = await retriever.GetDocumentAsync(address, CancellationToken.None);

        Assert.Equal("""{"keys":[]}""", document);
        Assert.Equal(new Uri(address), Assert.Single(handler.Requests));
    }

    /// <summary>Stands in for the network: answers every request itself, so nothing leaves the machine.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"keys":[]}""") });
        }
    }
}
