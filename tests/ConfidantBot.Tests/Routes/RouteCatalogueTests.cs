using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Routes.Catalogue;
using ConfidantBot.Routes.Contacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ConfidantBot.Tests.Routes;

public sealed class RouteCatalogueTests
{
    private static readonly string[] RequiredRoutes =
    [
        "internalConfidant", "externalConfidant", "councilConfidant", "mayor", "lineToSecretary",
        "whistleblowerInternal", "whistleblowerExternal", "whistleblowerAdvice", "griffier", "temporaryDesk",
    ];

    [Fact]
    public void The_seed_holds_every_route_complete_in_Dutch_and_English()
    {
        var seed = RouteSeed.Document;

        Assert.Empty(RouteCatalogueValidator.Validate(seed));
        Assert.Equal(RequiredRoutes.Order(), seed.Routes.Select(route => route.Id).Order());
        Assert.All(seed.Routes, route => Assert.NotEqual(route.Title.Nl, route.Title.En));
    }

    [Fact]
    public void The_seed_states_the_legal_facts_people_rely_on()
    {
        var routes = RouteSeed.Document.Routes.ToDictionary(route => route.Id);

        var whistleblower = routes["whistleblowerInternal"];
        Assert.Contains("7 dagen", whistleblower.Deadlines!.Nl, StringComparison.Ordinal);
        Assert.Contains("3 maanden", whistleblower.Deadlines.Nl, StringComparison.Ordinal);
        Assert.Contains("7 days", whistleblower.Deadlines.En, StringComparison.Ordinal);
        Assert.Contains("3 months", whistleblower.Deadlines.En, StringComparison.Ordinal);
        Assert.Contains("50", whistleblower.Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("adviseur", whistleblower.Protection.Nl, StringComparison.Ordinal);
        Assert.Equal(RouteKind.Report, whistleblower.Kind);

        foreach (var authority in new[] { "Huis voor Klokkenluiders", "ACM", "AFM", "AP", "DNB", "IGJ", "NVWA", "NZa", "ANVS" })
        {
            Assert.Contains(authority, routes["whistleblowerExternal"].Purpose.Nl, StringComparison.Ordinal);
        }

        Assert.Contains("zonder eerst intern", routes["whistleblowerExternal"].Summary.Nl, StringComparison.Ordinal);
        Assert.Contains("162", routes["internalConfidant"].Risks.Nl, StringComparison.Ordinal);
        Assert.Contains("162", routes["externalConfidant"].Protection.En, StringComparison.Ordinal);
        Assert.True(routes["mayor"].Anonymity.CaveatAlways);
        Assert.Contains("minder effectief", routes["mayor"].Anonymity.Explanation.Nl, StringComparison.Ordinal);
        Assert.Contains("less effective", routes["mayor"].Anonymity.Explanation.En, StringComparison.Ordinal);
        Assert.Contains("BZK", routes["councilConfidant"].Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("elk jaar", routes["lineToSecretary"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.True(routes["temporaryDesk"].OnlyWhenContactConfigured);
        Assert.All(
            new[] { "internalConfidant", "externalConfidant", "councilConfidant", "whistleblowerAdvice" },
            id => Assert.Equal(RouteKind.ConfidentialTalk, routes[id].Kind));
        Assert.All(
            Enum.GetValues<Audience>(),
            audience => Assert.True(routes["whistleblowerInternal"].Serves(audience) && routes["whistleblowerExternal"].Serves(audience)));
    }

    [Fact]
    public void A_catalogue_with_a_missing_translation_or_a_duplicate_id_is_refused_with_every_problem_named()
    {
        var json = JsonNode.Parse(RouteSeed.Document.ToUtf8Json())!;
        json["routes"]![0]!["purpose"]!["en"] = " ";
        json["routes"]![1]!["id"] = json["routes"]![2]!["id"]!.GetValue<string>();

        var problem = Assert.Throws<InvalidRouteCatalogueException>(() => RouteCatalogueDocument.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())));

        Assert.Contains(problem.Problems, text => text.Contains("purpose.en is empty", StringComparison.Ordinal));
        Assert.Contains(problem.Problems, text => text.Contains("used twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"version":1,"routes":[]}""")]
    [InlineData("""{"version":1}""")]
    [InlineData("""{"version":1,"routes":[{"id":"x"}]}""")]
    [InlineData("""not json""")]
    [InlineData("""{"version":1,"routes":[],"extra":true}""")]
    public void A_broken_catalogue_is_refused_not_half_loaded(string json) =>
        Assert.Throws<InvalidRouteCatalogueException>(() => RouteCatalogueDocument.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task On_first_start_the_seed_is_stored_and_reads_back_the_same()
    {
        var storage = new InMemoryStorage();
        var loader = new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance);

        var loaded = await loader.LoadAsync();

        var stored = await storage.ReadAsync(RouteCatalogueLoader.Key);
        Assert.NotNull(stored);
        Assert.Equal("routes", stored.Key.Partition);
        var roundTripped = RouteCatalogueDocument.Parse(stored.Data.Span);
        Assert.Equal(RouteSeed.Document.Version, roundTripped.Version);
        Assert.Equal(RouteSeed.Document.Routes, roundTripped.Routes, RouteEquality.Instance);
        Assert.Equal(loaded.Routes, roundTripped.Routes, RouteEquality.Instance);
    }

    [Fact]
    public async Task A_newer_seed_replaces_the_stored_catalogue_and_an_equal_one_leaves_it_alone()
    {
        var storage = new InMemoryStorage();
        var loader = new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance);
        await loader.LoadAsync();
        await loader.LoadAsync();
        Assert.Equal(1, storage.Writes);

        var newer = RouteSeed.Document with { Version = RouteSeed.Document.Version + 1 };
        var loaded = await loader.LoadAsync(newer);

        Assert.Equal(2, storage.Writes);
        Assert.Equal(newer.Version, loaded.Version);
        Assert.Equal(newer.Version, RouteCatalogueDocument.Parse((await storage.ReadAsync(RouteCatalogueLoader.Key))!.Data.Span).Version);

        var older = await loader.LoadAsync(RouteSeed.Document);
        Assert.Equal(newer.Version, older.Version);
        Assert.Equal(2, storage.Writes);
    }

    [Fact]
    public async Task A_corrupt_stored_catalogue_is_replaced_by_the_seed()
    {
        var storage = new InMemoryStorage();
        await storage.WriteAsync(RouteCatalogueLoader.Key, Encoding.UTF8.GetBytes("""{"version":99,"routes":[{"id":"half"}]}"""), ifMatch: null);

        var loaded = await new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance).LoadAsync();

        Assert.Equal(RouteSeed.Document.Version, loaded.Version);
        Assert.Equal(RouteSeed.Document.Version, RouteCatalogueDocument.Parse((await storage.ReadAsync(RouteCatalogueLoader.Key))!.Data.Span).Version);
    }

    [Fact]
    public async Task Several_instances_starting_at_once_all_end_up_with_the_same_catalogue()
    {
        var storage = new InMemoryStorage();
        var loads = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance).LoadAsync()));

        var loaded = await Task.WhenAll(loads);

        Assert.All(loaded, document => Assert.Equal(RouteSeed.Document.Version, document.Version));
        Assert.Equal(1, storage.Writes);
    }

    [Fact]
    public async Task The_catalogue_is_read_from_the_store_once_and_again_after_the_refresh_period()
    {
        var storage = new InMemoryStorage();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var catalogue = new StoredRouteCatalogue(
            new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance), Contacts(), time, NullLogger<StoredRouteCatalogue>.Instance);

        await catalogue.GetAsync();
        await catalogue.GetAsync();
        var readsWhileFresh = storage.Reads;
        time.Advance(StoredRouteCatalogue.RefreshAfter + TimeSpan.FromSeconds(1));
        await catalogue.GetAsync();

        Assert.Equal(1, readsWhileFresh);
        Assert.Equal(2, storage.Reads);
    }

    [Fact]
    public async Task The_temporary_desk_exists_only_when_HR_configured_its_contact()
    {
        var storage = new InMemoryStorage();
        var loader = new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance);
        using var without = new StoredRouteCatalogue(loader, Contacts(), TimeProvider.System, NullLogger<StoredRouteCatalogue>.Instance);
        using var with = new StoredRouteCatalogue(loader, Contacts(("temporaryDesk", "Tijdelijk meldpunt integriteit")), TimeProvider.System, NullLogger<StoredRouteCatalogue>.Instance);

        var plain = await without.GetAsync();
        var configured = await with.GetAsync();

        Assert.Null(plain.Find("temporaryDesk"));
        Assert.NotNull(configured.Find("temporaryDesk"));
        Assert.Equal("Tijdelijk meldpunt integriteit", configured.ContactFor(configured.Find("temporaryDesk")!)!.Name);
        Assert.Null(plain.ContactFor(plain.Find("mayor")!));
    }

    [Fact]
    public async Task When_the_store_is_down_the_shipped_routes_still_answer_and_the_next_turn_tries_again()
    {
        var storage = new Mock<IStorage>();
        storage.Setup(store => store.ReadAsync(It.IsAny<StorageKey>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("database is locked"));
        using var catalogue = new StoredRouteCatalogue(
            new RouteCatalogueLoader(storage.Object, NullLogger<RouteCatalogueLoader>.Instance), Contacts(), TimeProvider.System, NullLogger<StoredRouteCatalogue>.Instance);

        var first = await catalogue.GetAsync();
        var second = await catalogue.GetAsync();

        Assert.Equal(RouteSeed.Document.Routes.Count - 1, first.Routes.Count);
        Assert.NotNull(second.Find("externalConfidant"));
        storage.Verify(store => store.ReadAsync(RouteCatalogueLoader.Key, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Contacts_from_configuration_without_a_name_count_as_not_configured()
    {
        var directory = new ConfiguredRouteContactDirectory(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Routes:Contacts:mayorsOffice:Name"] = "Kabinet van de burgemeester",
            ["Routes:Contacts:mayorsOffice:Email"] = "kabinet@example.org",
            ["Routes:Contacts:griffier:Email"] = "griffie@example.org",
        }).Build());

        var contacts = await directory.GetContactsAsync();

        Assert.Equal(new RouteContact("Kabinet van de burgemeester", "kabinet@example.org"), contacts["mayorsOffice"]);
        Assert.False(contacts.ContainsKey("griffier"));
    }

    private static ConfiguredRouteContactDirectory Contacts(params (string Key, string Name)[] contacts) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(contacts.ToDictionary(contact => $"Routes:Contacts:{contact.Key}:Name", contact => (string?)contact.Name))
            .Build());

    /// <summary>Routes hold lists, so record equality compares references; compare their JSON instead.</summary>
    private sealed class RouteEquality : IEqualityComparer<ReportingRoute>
    {
        public static RouteEquality Instance { get; } = new();

        public bool Equals(ReportingRoute? x, ReportingRoute? y) =>
            JsonNode.DeepEquals(System.Text.Json.JsonSerializer.SerializeToNode(x), System.Text.Json.JsonSerializer.SerializeToNode(y));

        public int GetHashCode(ReportingRoute obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
