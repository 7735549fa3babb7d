using ConfidantBot.Booking.Calendar;
using ConfidantBot.Roster;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Roster;

/// <summary>The real Microsoft Graph SDK asks a fake Graph on 127.0.0.1 whether someone is in the HR group.</summary>
public sealed class HrAdminAuthorizerTests : IDisposable
{
    private const string Tenant = RosterTestKit.Tenant;
    private const string Group = "9a1c7e52-0000-4000-8000-00000000a001";
    private const string GroupMember = "11111111-0000-4000-8000-000000000001";
    private const string Outsider = "22222222-0000-4000-8000-000000000002";
    private const string ConfiguredAdmin = "33333333-0000-4000-8000-000000000003";

    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });

    public void Dispose() => _graph.Stop();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    private HrAdminAuthorizer Authorizer(string? group = Group, string? graphUrl = null) => new(
        Options.Create(new HrAdminOptions { ObjectIds = [ConfiguredAdmin], GroupId = group, TenantId = Tenant }),
        NullLogger<HrAdminAuthorizer>.Instance,
        new GraphGroupMembership(GraphClients.Create(new FakeTokenCredential(), (graphUrl ?? _graph.Url) + "/v1.0"), NullLogger<GraphGroupMembership>.Instance),
        _clock);

    private int GraphChecks => _graph.LogEntries.Count();

    private const string GroupId = Group;

    private void GraphAnswers(string user, int status, string body)
        => _graph.Given(Request.Create().WithPath($"/v1.0/users/{user}/checkMemberGroups").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    [Fact]
    public async Task A_member_of_the_HR_group_is_an_admin_and_Graph_is_asked_about_that_group_only()
    {
        GraphAnswers(GroupMember, 200, $$"""{"value":["{{GroupId}}"]}""");

        Assert.True(await Authorizer().IsAdminAsync(Tenant, GroupMember, default));

        var request = Assert.Single(_graph.LogEntries).RequestMessage!;
        Assert.Contains(GroupId, request.Body!, StringComparison.Ordinal);
        Assert.Equal("Bearer fake-token-https://graph.microsoft.com/.default", request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task The_menu_reuses_a_group_answer_for_a_few_minutes_but_every_admin_action_asks_Graph()
    {
        GraphAnswers(GroupMember, 200, $$"""{"value":["{{GroupId}}"]}""");
        var authorizer = Authorizer();

        Assert.True(await authorizer.ShowsAdminMenuAsync(Tenant, GroupMember, default));
        Assert.True(await authorizer.ShowsAdminMenuAsync(Tenant, GroupMember, default));
        Assert.Equal(1, GraphChecks);

        Assert.True(await authorizer.IsAdminAsync(Tenant, GroupMember, default));
        Assert.True(await authorizer.IsAdminAsync(Tenant, GroupMember, default));
        Assert.Equal(3, GraphChecks);

        _clock.Advance(HrAdminAuthorizer.MenuAnswerLifetime + TimeSpan.FromSeconds(1));
        Assert.True(await authorizer.ShowsAdminMenuAsync(Tenant, GroupMember, default));
        Assert.Equal(4, GraphChecks);
    }

    [Fact]
    public async Task Someone_removed_from_the_group_loses_the_menu_entries_as_soon_as_an_admin_action_found_out()
    {
        GraphAnswers(GroupMember, 200, $$"""{"value":["{{GroupId}}"]}""");
        var authorizer = Authorizer();
        Assert.True(await authorizer.ShowsAdminMenuAsync(Tenant, GroupMember, default));

        _graph.Reset();
        GraphAnswers(GroupMember, 200, """{"value":[]}""");

        Assert.False(await authorizer.IsAdminAsync(Tenant, GroupMember, default));
        Assert.False(await authorizer.ShowsAdminMenuAsync(Tenant, GroupMember, default));
        Assert.Equal(1, GraphChecks);
    }

    [Fact]
    public async Task Someone_outside_the_group_is_not_an_admin()
    {
        GraphAnswers(Outsider, 200, """{"value":[]}""");

        Assert.False(await Authorizer().IsAdminAsync(Tenant, Outsider, default));
    }

    [Theory]
    [InlineData(403, """{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges"}}""")]
    [InlineData(404, """{"error":{"code":"Request_ResourceNotFound","message":"Resource does not exist"}}""")]
    public async Task When_Graph_refuses_the_check_the_person_is_not_an_admin_and_nothing_throws(int status, string body)
    {
        GraphAnswers(Outsider, status, body);

        Assert.False(await Authorizer().IsAdminAsync(Tenant, Outsider, default));
    }

    [Fact]
    public async Task When_Graph_is_unreachable_the_person_is_not_an_admin()
    {
        // Not a stopped server: its port is free again, and a parallel test's fake could take it and answer.
        using var unreachable = new RefusingPort();
        var authorizer = Authorizer(graphUrl: unreachable.Url);

        Assert.False(await authorizer.IsAdminAsync(Tenant, GroupMember, default));
    }

    [Fact]
    public async Task A_configured_admin_needs_no_Graph_call()
    {
        Assert.True(await Authorizer().IsAdminAsync(Tenant, ConfiguredAdmin, default));
        Assert.Empty(_graph.LogEntries);
    }

    [Theory]
    [InlineData("another-tenant", ConfiguredAdmin)]
    [InlineData(null, ConfiguredAdmin)]
    [InlineData(Tenant, null)]
    [InlineData(Tenant, "")]
    [InlineData(Tenant, "not-a-guid")]
    public async Task Another_tenant_or_a_missing_identity_is_never_an_admin(string? tenant, string? objectId)
    {
        GraphAnswers(ConfiguredAdmin, 200, $$"""{"value":["{{GroupId}}"]}""");

        Assert.False(await Authorizer().IsAdminAsync(tenant, objectId, default));
        Assert.Empty(_graph.LogEntries);
    }

    [Fact]
    public async Task Without_a_group_only_configured_ids_count()
    {
        Assert.False(await Authorizer(group: null).IsAdminAsync(Tenant, GroupMember, default));
        Assert.Empty(_graph.LogEntries);
    }
}
