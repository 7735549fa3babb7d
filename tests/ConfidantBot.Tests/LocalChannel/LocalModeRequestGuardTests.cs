using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.LocalChannel;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// Local mode has no authentication, so the real host must refuse anything a web page in the
/// developer's browser (a no-preflight post, DNS rebinding, a cross-site fetch) or a proxy could
/// send, on /api/messages too. The attack posted here is the built-in HR admin deactivating a
/// confidant; a refused post must leave the roster, the audit and the store exactly as they were.
/// </summary>
public sealed class LocalModeRequestGuardTests : IAsyncLifetime
{
    private BotHostFactory _host = null!;
    private FakeConnector _connector = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = new BotHostFactory().Start();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    public static TheoryData<string, int> Refusals() => new()
    {
        { "no Content-Type", 415 },
        { "text/plain", 415 },
        { "form post", 415 },
        { "foreign Host", 403 },
        { "localhost on another port", 403 },
        { "foreign Origin", 403 },
        { "null Origin", 403 },
        { "through a proxy", 403 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_post_a_web_page_could_make_as_the_local_HR_admin_is_refused_and_changes_nothing(string attack, int expectedStatus)
    {
        var target = await FirstActiveConfidantAsync();
        var before = await SnapshotAsync();

        using var response = await PostAsync(DeactivateAsHrAdmin(target), attack);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(body?["detail"]?.GetValue<string>()), "The refusal gives no reason.");
        Assert.Empty(_host.Handler.Turns);
        Assert.Equal(before, await SnapshotAsync());
        Assert.True((await Store.FindAsync(target.Id, default))!.Active);
    }

    [Fact]
    public async Task The_same_post_from_the_local_page_or_a_tool_on_this_machine_is_carried_out()
    {
        var target = await FirstActiveConfidantAsync();
        var auditBefore = await AuditCountAsync();

        using var response = await PostAsync(DeactivateAsHrAdmin(target), "the page's own Origin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await Store.FindAsync(target.Id, default))!.Active);
        Assert.True(await AuditCountAsync() > auditBefore, "The deactivation was not audited.");
    }

    [Fact]
    public async Task The_local_pages_and_health_are_served_to_this_machine_but_not_to_a_rebound_host_name()
    {
        using var client = _host.CreateHttpClient();
        using var page = await client.GetAsync("/");
        using var health = await client.GetAsync("/healthz");
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/");
        rebound.Headers.Host = "attacker.example";
        using var refused = await client.SendAsync(rebound);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private RosterStore Store => _host.Services.GetRequiredService<RosterStore>();

    private async Task<Confidant> FirstActiveConfidantAsync()
    {
        var roster = await Store.ReadAsync(default);
        return roster.Confidants.First(confidant => confidant.Active);
    }

    private JsonObject DeactivateAsHrAdmin(Confidant target)
    {
        var activity = ProtocolBody.TypedMessage(_connector.ServiceUrl, ProtocolBody.NewConversationId(), "");
        activity.Remove("text");
        activity["from"] = new JsonObject { ["id"] = LocalIdentities.HrAdmin.UserId, ["name"] = LocalIdentities.HrAdmin.Name, ["aadObjectId"] = LocalIdentities.HrAdmin.AadObjectId };
        activity["value"] = new JsonObject
        {
            ["command"] = "rosterAdmin",
            ["rosterAdmin"] = "deactivate",
            ["recordId"] = target.Id,
            ["version"] = target.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return activity;
    }

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string variant)
    {
        using var client = _host.CreateHttpClient();
        var json = activity.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages");
        var port = new Uri(_host.BaseUrl).Port;
        request.Content = variant switch
        {
            "no Content-Type" => new ByteArrayContent(Encoding.UTF8.GetBytes(json)),
            "text/plain" => new StringContent(json, Encoding.UTF8, "text/plain"),
            "form post" => new StringContent(json, Encoding.UTF8, "application/x-www-form-urlencoded"),
            _ => new StringContent(json, Encoding.UTF8, "application/json"),
        };
        switch (variant)
        {
            case "foreign Host":
                request.Headers.Host = $"attacker.example:{port}";
                break;
            case "localhost on another port":
                request.Headers.Host = $"localhost:{port + 1}";
                break;
            case "foreign Origin":
                request.Headers.Add("Origin", "http://attacker.example");
                break;
            case "null Origin":
                request.Headers.Add("Origin", "null");
                break;
            case "through a proxy":
                request.Headers.Host = $"localhost:{port}";
                request.Headers.Add("X-Forwarded-For", "203.0.113.7");
                break;
            case "the page's own Origin":
                request.Headers.Add("Origin", _host.BaseUrl.TrimEnd('/'));
                break;
        }

        return await client.SendAsync(request);
    }

    private async Task<string> SnapshotAsync()
    {
        var roster = await Store.ReadAsync(default);
        var audit = await AuditCountAsync();
        var items = await StoreFiles.CountItemsAsync(_host.DataDirectory);
        return $"{JsonSerializer.Serialize(roster.Confidants.Select(c => new { c.Id, c.Active, c.Version, c.InvitationEmail }))} audit={audit} items={items}";
    }

    private async Task<int> AuditCountAsync()
    {
        var count = 0;
        await foreach (var _ in Store.ReadAuditAsync(default))
        {
            count++;
        }

        return count;
    }
}
