using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.Tests.Hosting;

/// <summary>Malformed or oversized input gets a 4xx with a readable reason, never a 500, and nothing stored is lost or added.</summary>
public sealed class HostBadInputTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private static readonly StorageKey Sentinel = new("hosttests", "sentinel");

    public static TheoryData<string, string, string, int> BadBodies()
    {
        var valid = ProtocolBody.TypedMessage("http://127.0.0.1:9/", "a:bad-input", "hallo");
        var withoutConversation = valid.DeepClone().AsObject();
        withoutConversation.Remove("conversation");
        var withoutServiceUrl = valid.DeepClone().AsObject();
        withoutServiceUrl.Remove("serviceUrl");
        var oneMegabyte = valid.DeepClone().AsObject();
        oneMegabyte["text"] = new string('x', 1024 * 1024);

        return new TheoryData<string, string, string, int>
        {
            { "empty body", "", "application/json", 400 },
            { "invalid JSON", "{\"type\": \"message\", ", "application/json", 400 },
            { "not an object", "[1, 2, 3]", "application/json", 400 },
            { "JSON null", "null", "application/json", 400 },
            { "1 MB body", oneMegabyte.ToJsonString(), "application/json", 413 },
            { "no conversation", withoutConversation.ToJsonString(), "application/json", 400 },
            { "no serviceUrl", withoutServiceUrl.ToJsonString(), "application/json", 400 },
            { "text/plain", valid.ToJsonString(), "text/plain", 415 },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_gets_a_4xx_with_a_reason_and_leaves_the_store_as_it_was(string description, string body, string contentType, int expectedStatus)
    {
        var storage = fixture.Host.Storage;
        var sentinelETag = await storage.WriteAsync(Sentinel, "kept"u8.ToArray(), ETags.Any);
        var itemsBefore = await StoreFiles.CountItemsAsync(fixture.Host.DataDirectory);
        var turnsBefore = fixture.Host.Handler.Turns.Count;

        using var client = fixture.Host.CreateHttpClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await client.PostAsync("api/messages", content);

        Assert.True((int)response.StatusCode == expectedStatus, $"{description}: got {(int)response.StatusCode}, expected {expectedStatus}.");
        var reason = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(reason), $"{description}: no reason in the answer.");
        Assert.Equal(turnsBefore, fixture.Host.Handler.Turns.Count);
        Assert.Equal(itemsBefore, await StoreFiles.CountItemsAsync(fixture.Host.DataDirectory));
        var sentinel = await storage.ReadAsync(Sentinel);
        Assert.NotNull(sentinel);
        Assert.Equal(sentinelETag, sentinel.ETag);
        Assert.Equal("kept", Encoding.UTF8.GetString(sentinel.Data.Span));
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_without_a_content_length_is_refused_too()
    {
        var huge = ProtocolBody.TypedMessage("http://127.0.0.1:9/", "a:bad-input", new string('y', 1024 * 1024)).ToJsonString();
        using var client = fixture.Host.CreateHttpClient();
        using var content = new StreamContent(new ChunkedOnlyStream(Encoding.UTF8.GetBytes(huge)));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var response = await client.PostAsync("api/messages", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>A stream whose length is unknown, so the body goes out chunked without Content-Length.</summary>
    private sealed class ChunkedOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
