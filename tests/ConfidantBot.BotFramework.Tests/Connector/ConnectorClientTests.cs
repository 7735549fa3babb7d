using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Azure.Core;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Schema;
using Moq;
using WireMock.RequestBuilders;
using Request = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;

namespace ConfidantBot.BotFramework.Tests.Connector;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string ConversationId = "a:1FAKEpersonalConversationId0000aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFgHiJk";
    private const string EncodedConversationId = "a%3A1FAKEpersonalConversationId0000aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFgHiJk";
    private const string LegacyActivityId = "1:1FAKElegacyMessageId";
    private const string EncodedLegacyActivityId = "1%3A1FAKElegacyMessageId";
    private const string Token = "eyFAKE.connector.token";

    private readonly FakeConnector _connector = new();
    private readonly ConnectorHarness _harness;

    public ConnectorClientTests()
    {
        var credential = new Mock<TokenCredential>();
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new AccessToken(Token, DateTimeOffset.UtcNow.AddYears(1)));
        _harness = new ConnectorHarness(o => o.Credential = credential.Object);
        _harness.Trust.Trust(_connector.ServiceUrl);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _connector.Dispose();
    }

    [Fact]
    public async Task Reply_is_posted_to_the_encoded_activity_url_with_the_bearer_token_and_the_recorded_body()
    {
        RespondToAll(201, TestData("connector-resource-response.json"));
        var recordedReply = TestData("outbound-reply-adaptivecard.json");
        var reply = BotJson.DeserializeActivity(System.Text.Encoding.UTF8.GetBytes(recordedReply))!;

        var response = await _harness.Client.ReplyToActivityAsync(_connector.ServiceUrl, ConversationId, LegacyActivityId, reply);

        Assert.Equal("1736962205456", response.Id);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"{FakeConnector.TenantPath}v3/conversations/{EncodedConversationId}/activities/{EncodedLegacyActivityId}", Assert.Single(_connector.RequestTargets));
        Assert.Equal($"Bearer {Token}", FakeConnector.Header(request, "Authorization"));
        Assert.StartsWith("application/json", FakeConnector.Header(request, "Content-Type"), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(recordedReply), JsonNode.Parse(request.Body!)), "the body Teams receives differs from the recorded reply");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Service_url_with_or_without_trailing_slash_gives_the_same_url(string ending)
    {
        RespondToAll(201, """{"id":"1"}""");
        var serviceUrl = _connector.Server.Url + FakeConnector.TenantPath.TrimEnd('/') + ending;
        Assert.True(_harness.Trust.Trust(serviceUrl));

        await _harness.Client.SendToConversationAsync(serviceUrl, "a:x;messageid=1736962200123", new Activity { Type = ActivityTypes.Message });

        Assert.Equal($"{FakeConnector.TenantPath}v3/conversations/a%3Ax%3Bmessageid%3D1736962200123/activities", Assert.Single(_connector.RequestTargets));
    }

    [Fact]
    public async Task Send_to_conversation_posts_the_proactive_message_to_the_activities_collection()
    {
        RespondToAll(201, TestData("connector-resource-response.json"));
        var proactive = BotJson.DeserializeActivity(System.Text.Encoding.UTF8.GetBytes(TestData("outbound-proactive-message.json")))!;

        var response = await _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, proactive);

        Assert.Equal("1736962205456", response.Id);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"{FakeConnector.TenantPath}v3/conversations/{EncodedConversationId}/activities", Assert.Single(_connector.RequestTargets));
        Assert.Equal($"Bearer {Token}", FakeConnector.Header(request, "Authorization"));
    }

    [Fact]
    public async Task Update_puts_the_activity_and_accepts_a_202_without_body()
    {
        RespondToAll(202, body: null);

        var response = await _harness.Client.UpdateActivityAsync(_connector.ServiceUrl, ConversationId, "1736962205456", new Activity { Type = ActivityTypes.Message, Text = "bijgewerkt" });

        Assert.Null(response.Id);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"{FakeConnector.TenantPath}v3/conversations/{EncodedConversationId}/activities/1736962205456", Assert.Single(_connector.RequestTargets));
        Assert.Equal("bijgewerkt", JsonNode.Parse(request.Body!)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_conversation_posts_the_personal_conversation_parameters()
    {
        RespondToAll(201, TestData("connector-create-conversation-response.json"));
        var parameters = ConversationParameters.Personal(
            new ChannelAccount { Id = "28:00000000-0000-0000-0000-0000000000b0", Name = "Test Bot" },
            new ChannelAccount { Id = "29:1FAKEuserMRI0000aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456" },
            "00000000-0000-0000-0000-0000000000aa");

        var response = await _harness.Client.CreateConversationAsync(_connector.ServiceUrl, parameters);

        Assert.Equal(ConversationId, response.Id);
        var request = Assert.Single(_connector.Requests);
        Assert.Equal($"{FakeConnector.TenantPath}v3/conversations", Assert.Single(_connector.RequestTargets));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TestData("outbound-create-conversation-personal.json")), JsonNode.Parse(request.Body!)), request.Body);
    }

    [Fact]
    public async Task Throttled_call_waits_as_long_as_retry_after_asks_then_succeeds()
    {
        _connector.Server.Given(Request.Create().UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        _connector.Server.Given(Request.Create().UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"id":"after-wait"}"""));

        var send = _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }, _harness.Ending);

        var retry = await _harness.WaitForLogAsync(7104);
        Assert.Equal(TimeSpan.FromSeconds(1), TimeSpan.Parse(retry.GetStructuredStateValue("Delay")!, System.Globalization.CultureInfo.InvariantCulture));
        await Task.Delay(50);
        Assert.False(send.IsCompleted, "the retry did not wait for the clock");
        Assert.Single(_connector.Requests);

        var response = await _harness.RunAsync(() => send);

        Assert.Equal("after-wait", response.Id);
        Assert.Equal(2, _connector.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_cap_is_cut_to_the_maximum_delay()
    {
        _connector.Server.Given(Request.Create().UsingPost()).InScenario("long").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600"));
        _connector.Server.Given(Request.Create().UsingPost()).InScenario("long").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"id":"capped"}"""));

        var response = await _harness.RunAsync(() => _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }, _harness.Ending));

        Assert.Equal("capped", response.Id);
        var retry = await _harness.WaitForLogAsync(7104);
        Assert.Equal(TimeSpan.FromSeconds(10), TimeSpan.Parse(retry.GetStructuredStateValue("Delay")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Service_unavailable_is_retried_and_then_succeeds()
    {
        _connector.Server.Given(Request.Create().UsingPost()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        _connector.Server.Given(Request.Create().UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"id":"recovered"}"""));

        var response = await _harness.RunAsync(() => _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }, _harness.Ending));

        Assert.Equal("recovered", response.Id);
        Assert.Equal(2, _connector.Requests.Count);
    }

    [Fact]
    public async Task Persistent_server_errors_on_an_update_give_up_after_the_retry_limit_with_the_status()
    {
        RespondToAll(500, """{"error":{"code":"ServiceError","message":"secret detail"}}""");

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.RunAsync(() => _harness.Client.UpdateActivityAsync(_connector.ServiceUrl, ConversationId, "1", new Activity { Type = ActivityTypes.Message }, _harness.Ending)));

        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Equal(4, _connector.Requests.Count);
    }

    /// <summary>The connector may have delivered a message it answered this way: a second POST would show it twice.</summary>
    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task A_new_message_whose_send_failed_after_it_may_have_arrived_is_sent_once_and_says_so(int status)
    {
        RespondToAll(status, """{"error":{"code":"ServiceError"}}""");

        var send = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.RunAsync(() => _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }, _harness.Ending)));
        var reply = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.RunAsync(() => _harness.Client.ReplyToActivityAsync(_connector.ServiceUrl, ConversationId, "1", new Activity { Type = ActivityTypes.Message }, _harness.Ending)));

        Assert.Equal(2, _connector.Requests.Count);
        Assert.All(new[] { send, reply }, failure =>
        {
            Assert.Equal((HttpStatusCode)status, failure.StatusCode);
            Assert.True(failure.MayHaveBeenDelivered);
        });
    }

    [Fact]
    public async Task A_new_message_whose_answer_does_not_come_in_time_is_sent_once_and_may_have_arrived()
    {
        await using var harness = new ConnectorHarness(options => options.AttemptTimeout = TimeSpan.FromSeconds(1));
        harness.Trust.Trust(_connector.ServiceUrl);
        // The connector takes the message, then answers only after the client stopped waiting.
        _connector.Server.Given(Request.Create().UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"id":"late"}""").WithDelay(TimeSpan.FromSeconds(3)));

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            harness.RunAsync(() => harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }, harness.Ending)));

        Assert.Null(failure.StatusCode);
        Assert.True(failure.MayHaveBeenDelivered);
        // Counted as they arrive: WireMock logs a request only once it has answered it.
        Assert.Single(_connector.RequestTargets);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_new_message_the_connector_refused_for_now_is_retried_and_a_final_refusal_says_it_did_not_arrive(int status)
    {
        RespondToAll(status, body: null);

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.RunAsync(() => _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }, _harness.Ending)));

        Assert.Equal(4, _connector.Requests.Count);
        Assert.False(failure.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task Bad_request_is_not_retried()
    {
        RespondToAll(400, """{"error":{"code":"BadArgument","message":"Unknown activity type"}}""");

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.RunAsync(() => _harness.Client.ReplyToActivityAsync(_connector.ServiceUrl, ConversationId, "1", new Activity { Type = ActivityTypes.Message }, _harness.Ending)));

        Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Equal("BadArgument", failure.ErrorCode);
        Assert.Single(_connector.Requests);
        Assert.False(failure.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task Blocked_bot_gives_a_forbidden_failure_with_the_sub_code_and_no_content()
    {
        RespondToAll(403, """{"error":{"code":"Forbidden","subCode":"MessageWritesBlocked","message":"User Jan de Vries blocked the bot"}}""");

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message, Text = "Uw afspraak is bevestigd" }));

        Assert.Equal(HttpStatusCode.Forbidden, failure.StatusCode);
        Assert.Equal("MessageWritesBlocked", failure.SubCode);
        Assert.True(failure.IsBotBlockedByUser);
        Assert.DoesNotContain("Jan", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("afspraak", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConversationId, failure.Message, StringComparison.Ordinal);
        Assert.Single(_connector.Requests);
        Assert.NotEmpty(_harness.Logs.GetSnapshot());
        Assert.All(_harness.Logs.GetSnapshot(), r =>
        {
            Assert.DoesNotContain("1FAKEpersonalConversationId", r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Jan", r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("afspraak", r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_service_url_never_trusted_is_refused_before_any_request()
    {
        RespondToAll(201, """{"id":"1"}""");
        var forged = _connector.Server.Url + "/forged/";

        await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            _harness.Client.SendToConversationAsync(forged, ConversationId, new Activity { Type = ActivityTypes.Message }));

        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_redirect_from_a_trusted_host_is_not_followed_so_the_token_stays_there()
    {
        using var elsewhere = new FakeConnector();
        RespondToAll(302, body: null, location: elsewhere.ServiceUrl);

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }));

        Assert.Equal(HttpStatusCode.Redirect, failure.StatusCode);
        Assert.Single(_connector.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task An_unreachable_connector_is_retried_then_reported_as_a_connector_error()
    {
        // A port held by a socket that is bound but never listens refuses every connection, and no other test can take it
        // meanwhile: a stopped server's port was reused by a parallel test's WireMock on a clean clone, which answered 404.
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var serviceUrl = $"http://127.0.0.1:{((IPEndPoint)refusing.LocalEndPoint!).Port}{FakeConnector.TenantPath}";
        _harness.Trust.Trust(serviceUrl);

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.RunAsync(() => _harness.Client.SendToConversationAsync(serviceUrl, ConversationId, new Activity { Type = ActivityTypes.Message }, _harness.Ending)));

        Assert.Null(failure.StatusCode);
        Assert.IsType<HttpRequestException>(failure.InnerException);
        Assert.Equal(3, _harness.Logs.GetSnapshot().Count(r => r.Id.Id == 7104));
        Assert.False(failure.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task Without_a_credential_no_authorization_header_is_sent()
    {
        await using var local = new ConnectorHarness();
        local.Trust.Trust(_connector.ServiceUrl);
        RespondToAll(201, """{"id":"1"}""");

        await local.Client.SendToConversationAsync(_connector.ServiceUrl, ConversationId, new Activity { Type = ActivityTypes.Message });

        Assert.Null(FakeConnector.Header(Assert.Single(_connector.Requests), "Authorization"));
    }

    [Fact]
    public async Task Missing_conversation_id_is_a_clear_argument_error_without_a_request()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _harness.Client.SendToConversationAsync(_connector.ServiceUrl, " ", new Activity { Type = ActivityTypes.Message }));

        Assert.Empty(_connector.Requests);
    }

    private static string TestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "protocol", name));

    private void RespondToAll(int status, string? body, string? location = null)
    {
        var response = Response.Create().WithStatusCode(status);
        if (location is not null)
        {
            response = response.WithHeader("Location", location);
        }

        if (body is not null)
        {
            response = response.WithHeader("Content-Type", "application/json").WithBody(body);
        }

        _connector.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(response);
    }
}
