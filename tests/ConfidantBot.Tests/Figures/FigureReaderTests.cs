using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Figures;
using ConfidantBot.Presentation;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;

namespace ConfidantBot.Tests.Figures;

/// <summary>
/// Figure readers (e.g. the griffier) through the real host: configured in <c>FigureReaders</c>, they
/// get the figures and nothing of the roster; a civil servant gets neither.
/// </summary>
public sealed class FigureReaderTests : IAsyncLifetime
{
    private const string ReaderId = "6f1a9c3e-2b7d-4e5f-9a01-5c7d8e9f0a1b";
    private const string CivilServantId = "00000000-0000-0000-0000-0000000000c1";

    private FakeConnector _connector = null!;
    private BotHostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _host = new BotHostFactory(new BotHostSettings
        {
            Settings = new Dictionary<string, string?> { [$"{FigureReaderOptions.SectionName}:ObjectIds:0"] = ReaderId },
        }).Start();

        // One past month with figures: June 2025 had 12 guide starts by employees.
        await _host.Storage.WriteAsync(new StorageKey(CounterKey.Partition, "2025-06;guideStarted;audience=Employees"), Encoding.UTF8.GetBytes("12"), ETags.Any);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_figure_reader_sees_the_figures_and_is_refused_the_roster()
    {
        var menu = await SayAsync(ReaderId, "menu");
        Assert.Contains(Texts.Get(Locales.Dutch, "conversation.menu.figures"), menu.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts.Get(Locales.Dutch, "conversation.menu.admin"), menu.VisibleText, StringComparison.Ordinal);

        var years = await SayAsync(ReaderId, "cijfers");
        Assert.NotNull(years.Card);
        Assert.Contains(Texts.Get(Locales.Dutch, "figures.chooseYear.prompt"), years.VisibleText, StringComparison.Ordinal);
        Assert.Contains("2025", years.Card!.Value.GetRawText(), StringComparison.Ordinal);

        var roster = await SayAsync(ReaderId, "beheer");
        Assert.Equal(Texts.Get(Locales.Dutch, "roster.refused"), roster.Activity.Text);
        Assert.Null(roster.Card);
        Assert.DoesNotContain("Vertrouwenspersonen beheren", roster.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_civil_servant_is_refused_the_figures_and_the_roster()
    {
        var menu = await SayAsync(CivilServantId, "menu");
        Assert.DoesNotContain(Texts.Get(Locales.Dutch, "conversation.menu.figures"), menu.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts.Get(Locales.Dutch, "conversation.menu.admin"), menu.VisibleText, StringComparison.Ordinal);

        var figures = await SayAsync(CivilServantId, "cijfers");
        Assert.Equal(Texts.Get(Locales.Dutch, "figures.refused"), figures.Activity.Text);
        Assert.Null(figures.Card);

        var roster = await SayAsync(CivilServantId, "beheer");
        Assert.Equal(Texts.Get(Locales.Dutch, "roster.refused"), roster.Activity.Text);
        Assert.Null(roster.Card);
    }

    [Fact]
    public async Task A_reader_id_that_is_not_a_guid_stops_the_host_with_a_message_that_names_the_setting()
    {
        await using var broken = new BotHostFactory(new BotHostSettings
        {
            Settings = new Dictionary<string, string?> { [$"{FigureReaderOptions.SectionName}:ObjectIds:0"] = "griffier@gemeente.nl" },
        });

        var error = Record.Exception(() => broken.Start());

        Assert.NotNull(error);
        Assert.Contains("FigureReaders:ObjectIds", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A typed message from this Entra identity in a new personal chat; the bot's first reply.</summary>
    private async Task<SentActivity> SayAsync(string aadObjectId, string text)
    {
        var conversationId = ProtocolBody.NewConversationId();
        var message = ProtocolBody.TypedMessage(_connector.ServiceUrl, conversationId, text);
        message["from"]!["aadObjectId"] = aadObjectId;
        message["from"]!["id"] = "29:user-" + aadObjectId;
        var response = await _host.PostActivityAsync(message);
        Assert.True(response.IsSuccessStatusCode, $"The host answered {(int)response.StatusCode}.");
        return await _connector.NextAsync(conversationId);
    }
}

/// <summary>The reader check itself: ids, the Entra group (through the directory), tenant, and the menu's short memory.</summary>
public sealed class FigureReaderAuthorizerTests
{
    private const string GroupId = "11111111-2222-4333-8444-555555555555";
    private const string Member = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string Tenant = "cccccccc-0000-4000-8000-000000000000";

    [Fact]
    public async Task Members_of_the_reader_group_may_read_and_others_not_and_the_menu_reuses_a_recent_answer()
    {
        var directory = new CountingDirectory(Member);
        var readers = Authorizer(new FigureReaderOptions { GroupId = GroupId }, directory);

        Assert.True(await readers.CanReadFiguresAsync(Tenant, Member, default));
        Assert.False(await readers.CanReadFiguresAsync(Tenant, "aaaaaaaa-0000-4000-8000-000000000002", default));
        Assert.False(await readers.CanReadFiguresAsync("dddddddd-0000-4000-8000-000000000000", Member, default));
        Assert.False(await readers.CanReadFiguresAsync(Tenant, "not-a-guid", default));
        var asked = directory.Calls;

        Assert.True(await readers.ShowsFiguresMenuAsync(Tenant, Member, default));
        Assert.Equal(asked, directory.Calls);
        Assert.True(await readers.CanReadFiguresAsync(Tenant, Member, default));
        Assert.Equal(asked + 1, directory.Calls);
    }

    private static FigureReaderAuthorizer Authorizer(FigureReaderOptions options, CountingDirectory directory)
    {
        var adminOptions = Microsoft.Extensions.Options.Options.Create(new ConfidantBot.Roster.HrAdminOptions { TenantId = Tenant });
        var admins = new ConfidantBot.Roster.HrAdminAuthorizer(adminOptions, Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfidantBot.Roster.HrAdminAuthorizer>.Instance);
        return new FigureReaderAuthorizer(admins, Microsoft.Extensions.Options.Options.Create(options), adminOptions, directory);
    }

    private sealed class CountingDirectory(string member) : ConfidantBot.Roster.IHrGroupMembership
    {
        public int Calls { get; private set; }

        public Task<bool> IsMemberAsync(string aadObjectId, string groupId, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(groupId == GroupId && aadObjectId == member);
        }
    }
}
