using System.Text.Json.Nodes;

namespace ConfidantBot.Tests.Privacy;

/// <summary>
/// Every privacy sentence the bot shows (texts nl and en, card templates, the local pages, the
/// confidant page, the invitation) relies on a claim of <c>docs/privacy.md</c>, through the map
/// <c>docs/privacy-text-claims.json</c>; every claim names tests that exist. A new or rewritten
/// sentence that promises something the threat model does not list makes this fail.
/// </summary>
public sealed class PrivacyTextClaimsTests
{
    private static readonly string Root = PrivacyTextSources.RepositoryRoot;

    [Fact]
    public void Every_privacy_sentence_in_the_texts_cards_and_pages_relies_on_a_claim_of_the_threat_model()
    {
        var problems = new List<string>();
        var claims = PrivacyClaimsDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "privacy.md")), problems);
        var checker = new PrivacyTextClaimsChecker(PrivacyTextSources.Collect(Root), PrivacyTextClaimsChecker.ReadMap(Root), claims, TestExists, new RouteFactSources(Root).Problem);

        problems.AddRange(checker.Problems());

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_sources_hold_the_sentences_a_person_reads()
    {
        var texts = PrivacyTextSources.Collect(Root);

        // One of each kind of source, so a source the collector stopped reading is noticed.
        Assert.Contains(texts, text => text is { Id: "Booking:booking.done.stored", Language: "nl" });
        Assert.Contains(texts, text => text is { Id: "Conversation:conversation.welcome.storedLocal", Language: "en" });
        Assert.Contains(texts, text => text.Id == "wwwroot/confidant.js:intro" && text.Text.StartsWith("Dit zijn de verzoeken", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.Id.StartsWith("Booking/Calendar/Templates/invitation.html:", StringComparison.Ordinal) && text.Text.Contains("Vraag niet naar de identiteit", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.Id.StartsWith("Routes/Cards/", StringComparison.Ordinal));
        Assert.Contains(texts, text => text is { Id: "Routes/Data/routes.json:whistleblowerInternal.protection", Language: "nl" } && text.Text.StartsWith("Wie je melding ontvangt, houdt je naam geheim", StringComparison.Ordinal));
        Assert.Contains(texts, text => text is { Id: "Routes/Data/routes.json:externalConfidant.anonymity.explanation", Language: "en" });
        Assert.Contains(texts, text => text is { Id: "Routes/Data/advice-rules.json:reasons.hvkAdvice", Language: "nl" });
        Assert.DoesNotContain(texts, text => text.Id.StartsWith("Routes/Data/", StringComparison.Ordinal) && text.Id.Contains("legalBasis", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_knowledge_needs_a_source_its_legal_basis_holds_and_a_claim_for_what_it_says_about_the_bot()
    {
        var claims = Claims(("confidant-sees", ["who-sees", "identity"]));
        var texts = new[]
        {
            new PrivacyText("Routes/Data/routes.json:whistleblowerInternal.protection", "nl", "Wie je melding ontvangt, houdt je naam geheim."),
            new PrivacyText("Routes/Data/routes.json:companyDoctor.protection", "nl", "De bedrijfsarts heeft een medisch beroepsgeheim."),
            new PrivacyText("Routes/Data/routes.json:police.protection", "nl", "De politie beschermt je."),
            new PrivacyText("Routes/Data/advice-rules.json:reasons.hvkAdvice", "nl", "Gratis en vertrouwelijk advies."),
            new PrivacyText("Routes/Data/routes.json:externalConfidant.afterwards", "nl", "Je naam wordt na het gesprek gewist."),
        };
        var map = Map(new()
        {
            ["Routes/Data/routes.json:whistleblowerInternal.protection"] = new JsonObject { ["source"] = "legalBasis: Wet bescherming klokkenluiders" },
            ["Routes/Data/routes.json:companyDoctor.protection"] = "none: a fact about the company doctor, not about the bot",
            ["Routes/Data/routes.json:police.protection"] = new JsonObject { ["source"] = "legalBasis: Wet bescherming klokkenluiders" },
            ["Routes/Data/advice-rules.json:reasons.hvkAdvice"] = new JsonObject { ["source"] = "Routes/README.md: the Adviespunt ambtsmisdrijven's phone number" },
            ["Routes/Data/routes.json:externalConfidant.afterwards"] = new JsonObject { ["source"] = "legalBasis: Arbeidsomstandighedenwet" },
        });

        var problems = new PrivacyTextClaimsChecker(texts, map, claims, _ => true, new RouteFactSources(Root).Problem).Problems();

        Assert.Equal(
            [
                "'Routes/Data/routes.json:companyDoctor.protection' is route knowledge: map it to { \"source\": \"legalBasis: <words of the route's legal basis>\" or \"Routes/README.md: <words of a checked fact>\" }, with \"claims\" for what it says about the bot; \"none\" is not a source.",
                "'Routes/Data/routes.json:police.protection': the legal basis of police does not say \"Wet bescherming klokkenluiders\".",
                "'Routes/Data/routes.json:police.protection' says something of kind 'protected' that none of its claims (source) covers: \"De politie beschermt je.\"",
                "'Routes/Data/routes.json:externalConfidant.afterwards' says something of kind 'deleted' that none of its claims (source) covers: \"Je naam wordt na het gesprek gewist.\"",
            ],
            problems);
    }

    [Fact]
    public void An_unmapped_privacy_sentence_is_caught()
    {
        var claims = Claims(("no-content", ["kept"]));
        var texts = new[]
        {
            new PrivacyText("Booking:booking.new", "nl", "Je verhaal wordt nergens opgeslagen en niemand ziet het."),
            new PrivacyText("Booking:booking.plain", "nl", "Kies een tijd."),
        };

        var problems = new PrivacyTextClaimsChecker(texts, Map([]), claims, _ => true).Problems();

        var problem = Assert.Single(problems);
        Assert.Contains("'Booking:booking.new' promises something about privacy (kept, who-sees)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sentence_that_promises_more_than_its_claims_cover_is_caught()
    {
        var claims = Claims(("no-content", ["kept"]));
        var texts = new[] { new PrivacyText("Booking:booking.new", "en", "Nothing is kept, and it is all encrypted.") };

        var problems = new PrivacyTextClaimsChecker(texts, Map(new() { ["Booking:booking.new"] = new JsonArray("no-content") }), claims, _ => true).Problems();

        Assert.Equal(["'Booking:booking.new' says something of kind 'encrypted' that none of its claims (no-content) covers: \"Nothing is kept, and it is all encrypted.\""], problems);
    }

    [Fact]
    public void A_claim_the_threat_model_does_not_list_and_a_test_that_does_not_exist_are_caught()
    {
        var claims = new Dictionary<string, PrivacyClaim> { ["no-content"] = new("no-content", new HashSet<string> { "kept" }, ["MissingTests"]) };
        var texts = new[] { new PrivacyText("Booking:booking.new", "en", "Nothing is kept.") };
        var map = Map(new() { ["Booking:booking.new"] = new JsonArray("kept-forever"), ["Booking:gone"] = "none: this text was removed long ago, nobody reads it" });

        var problems = new PrivacyTextClaimsChecker(texts, map, claims, test => test != "MissingTests").Problems();

        Assert.Contains("'Booking:booking.new' relies on claim 'kept-forever', which docs/privacy.md does not list.", problems);
        Assert.Contains("docs/privacy-text-claims.json maps 'Booking:gone', a text that no longer exists.", problems);
        Assert.Contains("docs/privacy.md: claim 'no-content' names test 'MissingTests', which does not exist.", problems);
    }

    [Fact]
    public void The_claims_table_must_agree_in_Dutch_and_English_and_name_known_kinds()
    {
        var problems = new List<string>();
        var markdown = $"""
            {PrivacyClaimsDocument.DutchHeading}
            | `no-content` | kept | Geen inhoud. | `ConversationCanaryTests` |
            | `forget-me` | deleted, forgotten | Vergeet mij wist. | `BookingServiceTests` |
            {PrivacyClaimsDocument.EnglishHeading}
            | `no-content` | kept, logs | No content. | `ConversationCanaryTests` |
            """;

        PrivacyClaimsDocument.Parse(markdown.ReplaceLineEndings("\n"), problems);

        Assert.Contains("docs/privacy.md: claim 'forget-me' covers 'forgotten', which is not a kind of promise (kept, deleted, encrypted, who-sees, identity, logs, confidential, protected).", problems);
        Assert.Contains("docs/privacy.md: claim 'forget-me' is in the Dutch table but not in the English one.", problems);
        Assert.Contains("docs/privacy.md: claim 'no-content' names other kinds or tests in Dutch than in English.", problems);
    }

    [Fact]
    public void Test_references_resolve_to_real_tests_by_class_full_name_or_start_of_name()
    {
        Assert.True(TestExists("PrivacyTextClaimsTests"));
        Assert.True(TestExists("PrivacyTextClaimsTests.An_unmapped_privacy_sentence_is_caught"));
        Assert.True(TestExists("PrivacyTextClaimsTests.An_unmapped_…"));
        Assert.False(TestExists("PrivacyTextClaimsTests.An_unmapped"));
        Assert.False(TestExists("PrivacyTextClaimsTests.No_such_test…"));
        Assert.False(TestExists("NoSuchTests"));
    }

    private static bool TestExists(string reference) => PrivacyTextClaimsChecker.TestExists(typeof(PrivacyTextClaimsTests).Assembly, reference);

    private static Dictionary<string, PrivacyClaim> Claims(params (string Id, string[] Covers)[] claims)
        => claims.ToDictionary(claim => claim.Id, claim => new PrivacyClaim(claim.Id, claim.Covers.ToHashSet(), ["ConversationCanaryTests"]));

    private static JsonObject Map(Dictionary<string, JsonNode?> texts) => new() { ["texts"] = new JsonObject(texts) };
}
