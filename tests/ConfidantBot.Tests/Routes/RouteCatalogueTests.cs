using System.Text;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Routes.Advice;
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
        "police", "rijksrecherche", "reportingDutyAdvice", "complaintProcedure", "labourInspectorate", "companyDoctor",
        "tradeUnion", "humanRightsCollege", "integrityOfficer", "whistleblowerInvestigation", "ombudsman",
        "agencyOrSchool", "commissionerOfTheKing", "mayorReplacement",
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
        Assert.Contains("Binnenlandse Zaken", routes["councilConfidant"].Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("staat in die regeling", routes["lineToSecretary"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.True(routes["temporaryDesk"].OnlyWhenContactConfigured);
        Assert.True(routes["mayorReplacement"].OnlyWhenContactConfigured);
        Assert.All(
            new[] { "internalConfidant", "externalConfidant", "councilConfidant", "whistleblowerAdvice" },
            id => Assert.Equal(RouteKind.ConfidentialTalk, routes[id].Kind));
        Assert.All(
            Enum.GetValues<Audience>(),
            audience => Assert.True(routes["whistleblowerInternal"].Serves(audience) && routes["whistleblowerExternal"].Serves(audience)));
    }

    [Fact]
    public void Every_route_names_its_legal_basis_or_official_source_in_both_languages()
    {
        Assert.All(RouteSeed.Document.Routes, route =>
        {
            Assert.NotEmpty(route.LegalBasis);
            Assert.All(route.LegalBasis, source =>
            {
                Assert.False(string.IsNullOrWhiteSpace(source.Nl), route.Id);
                Assert.False(string.IsNullOrWhiteSpace(source.En), route.Id);
                Assert.True(source.Url is null || source.Url.StartsWith("https://", StringComparison.Ordinal), route.Id);
            });
        });
        var routes = RouteSeed.Document.Routes.ToDictionary(route => route.Id);
        Assert.Contains(routes["mayor"].LegalBasis, source => source.Nl.Contains("Gemeentewet, artikel 170", StringComparison.Ordinal));
        Assert.Contains(routes["commissionerOfTheKing"].LegalBasis, source => source.Nl.Contains("Provinciewet, artikel 182 lid 1 onder c", StringComparison.Ordinal));
        Assert.Contains(routes["reportingDutyAdvice"].LegalBasis, source => source.Nl.Contains("artikel 162", StringComparison.Ordinal));
        Assert.Contains(routes["police"].LegalBasis, source => source.Nl.Contains("artikel 161", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("empty")]
    [InlineData("blankEnglish")]
    [InlineData("httpUrl")]
    public void A_route_without_a_usable_legal_basis_is_refused(string defect)
    {
        var json = JsonNode.Parse(RouteSeed.Document.ToUtf8Json())!;
        var route = json["routes"]![3]!.AsObject();
        var id = route["id"]!.GetValue<string>();
        switch (defect)
        {
            case "remove": route.Remove("legalBasis"); break;
            case "empty": route["legalBasis"] = new JsonArray(); break;
            case "blankEnglish": route["legalBasis"]![0]!["en"] = " "; break;
            default: route["legalBasis"]![0]!["url"] = "http://wetten.overheid.nl/BWBR0005416"; break;
        }

        var problem = Assert.Throws<InvalidRouteCatalogueException>(() => RouteCatalogueDocument.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())));

        Assert.Contains(problem.Problems, text => text.StartsWith(id + ".legalBasis", StringComparison.Ordinal));
    }

    [Fact]
    public void The_corrected_facts_are_in_the_catalogue_and_the_old_ones_are_gone()
    {
        var routes = RouteSeed.Document.Routes.ToDictionary(route => route.Id);
        var allText = string.Join("\n", RouteSeed.Document.Routes.SelectMany(route => new[]
        {
            route.Summary.Nl, route.Purpose.Nl, route.Who.Nl, route.Afterwards.Nl, route.Protection.Nl, route.Risks.Nl, route.Anonymity.Explanation.Nl,
            route.Summary.En, route.Purpose.En, route.Who.En, route.Afterwards.En, route.Protection.En, route.Risks.En, route.Anonymity.Explanation.En,
        }));

        // Reasonable grounds, not good faith.
        Assert.DoesNotContain("goeder trouw", allText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("good faith", allText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redelijke gronden", routes["whistleblowerInternal"].Protection.Nl, StringComparison.Ordinal);
        Assert.Contains("reasonable grounds", routes["whistleblowerExternal"].Protection.En, StringComparison.Ordinal);

        // The public interest test, not "more than one person".
        Assert.Contains("meer dan alleen persoonlijke belangen", routes["whistleblowerInternal"].Purpose.Nl, StringComparison.Ordinal);
        Assert.DoesNotContain("more than one person", allText, StringComparison.Ordinal);
        Assert.Contains("serious or large-scale", routes["whistleblowerInternal"].Purpose.En, StringComparison.Ordinal);

        // Identity: explicit consent or a legal rule, told in advance.
        Assert.Contains("uitdrukkelijk toestemming", routes["whistleblowerInternal"].Protection.Nl, StringComparison.Ordinal);
        Assert.Contains("told in advance", routes["whistleblowerInternal"].Protection.En, StringComparison.Ordinal);
        Assert.DoesNotContain("may only be shared with your consent", allText, StringComparison.Ordinal);

        // People around the reporter are protected too.
        Assert.Contains("family and colleagues", routes["whistleblowerExternal"].Protection.En, StringComparison.Ordinal);

        // Deadlines: every report at the Authority, EU-law reports at other authorities.
        Assert.Contains("elke melding", routes["whistleblowerExternal"].Deadlines!.Nl, StringComparison.Ordinal);
        Assert.Contains("EU law", routes["whistleblowerExternal"].Deadlines!.En, StringComparison.Ordinal);

        // No legal anonymous internal channel is promised.
        Assert.Contains("nog geen recht", routes["whistleblowerInternal"].Anonymity.Explanation.Nl, StringComparison.Ordinal);

        // The external confidant is not sold on "does not have to report crimes": article 160 binds everyone.
        Assert.Contains("artikel 160", routes["externalConfidant"].Protection.Nl, StringComparison.Ordinal);
        Assert.DoesNotContain("do not have to report crimes", allText, StringComparison.Ordinal);

        // "Does not know who you are" only online as a guest under a pseudonym.
        Assert.Contains("online", routes["externalConfidant"].Anonymity.Explanation.En, StringComparison.Ordinal);
        Assert.Contains("by phone", routes["externalConfidant"].Anonymity.Explanation.En, StringComparison.Ordinal);
        Assert.Contains("in person", routes["councilConfidant"].Anonymity.Explanation.En, StringComparison.Ordinal);

        // Mayor: a process role under article 170; one internal procedure with two ways in; the yearly overview is local.
        Assert.Contains("artikel 170", routes["mayor"].Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("does not decide personally", routes["mayor"].Purpose.En, StringComparison.Ordinal);
        Assert.Contains("één interne procedure", routes["lineToSecretary"].Purpose.Nl, StringComparison.Ordinal);
        Assert.DoesNotContain("Every year the municipal secretary reports", allText, StringComparison.Ordinal);

        // The temporary desk is a signal, not a procedure.
        Assert.Equal(RouteKind.Conversation, routes["temporaryDesk"].Kind);
        Assert.Contains("signaal", routes["temporaryDesk"].Summary.Nl, StringComparison.Ordinal);

        // Meld Misdaad Anoniem is a foundation: no official report there, not for emergencies.
        Assert.Contains("0800-7000", routes["police"].Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("stichting, niet de politie", routes["police"].Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("not for emergencies", routes["police"].Purpose.En, StringComparison.Ordinal);
        Assert.Contains("112", routes["police"].Summary.En, StringComparison.Ordinal);

        // Plain English: no "college" or "the line" for the Municipal Executive or the managers.
        Assert.DoesNotContain("through the line", allText, StringComparison.Ordinal);
        Assert.DoesNotContain(" college ", routes["councilConfidant"].Purpose.En + routes["councilConfidant"].Title.En, StringComparison.Ordinal);
        Assert.Contains("Municipal Executive (mayor and aldermen)", routes["councilConfidant"].Purpose.En, StringComparison.Ordinal);
    }

    /// <summary>
    /// Claims checked against their source (wetten.overheid.nl, the Staatsblad, the Nationale ombudsman, the NVAB; see the
    /// Routes README): the text says what the source says, and what no source confirmed stays out.
    /// </summary>
    [Fact]
    public void Facts_checked_against_their_source_say_what_the_source_says_and_unconfirmed_ones_stay_out()
    {
        var routes = RouteSeed.Document.Routes.ToDictionary(route => route.Id);
        var reasons = AdviceRules.Default.Reasons.Values;
        var everything = string.Join("\n", RouteSeed.Document.Routes.SelectMany(route => new[]
            {
                route.Summary, route.Purpose, route.Who, route.Afterwards, route.Protection, route.Risks, route.Anonymity.Explanation,
            }.Concat(route.LegalBasis.Select(source => new LocalizedText(source.Nl, source.En))))
            .Concat(reasons)
            .SelectMany(text => new[] { text.Nl, text.En }));

        // Ombudsman (Awb 9:17, 9:18, 9:22; Nationale ombudsman letter 2022/0116): open to an employee, but not for the work conflict itself.
        var ombudsman = routes["ombudsman"];
        Assert.Contains("mengt de Nationale ombudsman zich niet in het arbeidsconflict zelf", ombudsman.Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("does not step into the work conflict itself", ombudsman.Purpose.En, StringComparison.Ordinal);
        Assert.Contains(ombudsman.LegalBasis, source => source.Nl.Contains("9:22", StringComparison.Ordinal));
        Assert.Contains(ombudsman.LegalBasis, source => source.Url == "https://www.nationaleombudsman.nl/nieuws/brieven/20220116");
        Assert.Contains(ombudsman.LegalBasis, source => source.Url == "https://www.nationaleombudsman.nl/nieuws/brieven/2021121");
        Assert.Contains("arbeidsconflict", AdviceRules.Default.Reasons["ombudsmanAfterComplaint"].Nl, StringComparison.Ordinal);

        // Company doctor: the 2017 amendment (Staatsblad 2017, 22) is the source; the article number was not confirmed.
        Assert.Contains(routes["companyDoctor"].LegalBasis, source => source.Url == "https://zoek.officielebekendmakingen.nl/stb-2017-22.html");
        Assert.DoesNotContain("artikel 14", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("article 14", everything, StringComparison.Ordinal);

        // Ambtenarenwet 2017, article 4: integrity policy and a code of conduct for good conduct by civil servants
        // (wetten.overheid.nl BWBR0001947; article 5 is the oath, article 9 side jobs). It is not cited for confidants.
        Assert.All(
            new[] { "lineToSecretary", "integrityOfficer" },
            id => Assert.Contains(routes[id].LegalBasis, source =>
                source.Nl.StartsWith("Ambtenarenwet 2017, artikel 4: de werkgever voert integriteitsbeleid", StringComparison.Ordinal)
                && source.Url == "https://wetten.overheid.nl/BWBR0001947"));
        Assert.All(
            RouteSeed.Document.Routes.Where(route => route.Kind == RouteKind.ConfidentialTalk),
            route => Assert.DoesNotContain(route.LegalBasis, source => source.Nl.Contains("Ambtenarenwet", StringComparison.Ordinal)));

        // Confidants may not refuse to testify by law (Rv 165, Sv 217/218 name no confidant; a court decides): every
        // confidant route says so, and no text promises that what you tell stays between you, full stop.
        Assert.All(new[] { "internalConfidant", "externalConfidant", "councilConfidant" }, id =>
        {
            Assert.Contains("geen wettelijk recht om te weigeren als getuige te verklaren", routes[id].Protection.Nl, StringComparison.Ordinal);
            Assert.Contains("no legal right to refuse to give evidence", routes[id].Protection.En, StringComparison.Ordinal);
            Assert.Contains(routes[id].LegalBasis, source => source.Url == "https://wetten.overheid.nl/BWBR0001827" && source.Nl.Contains("artikel 165", StringComparison.Ordinal));
        });
        foreach (var untrue in new[] { "blijft tussen jullie", "stays between you", "mag weigeren te getuigen", "hoeft niet te getuigen", "may refuse to testify", "does not have to testify", "verschoningsrecht heeft" })
        {
            Assert.DoesNotContain(untrue, everything, StringComparison.OrdinalIgnoreCase);
        }

        // Rijksrecherche (Aanwijzing taken en inzet rijksrecherche 2022A006): not every crime by a civil servant.
        Assert.Contains(routes["rijksrecherche"].LegalBasis, source => source.Url?.EndsWith("aanwijzing-taken-en-inzet-rijksrecherche-2022a006", StringComparison.Ordinal) == true);
        Assert.Contains("niet elk misdrijf door een ambtenaar", routes["rijksrecherche"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.Contains("Niet elk misdrijf", AdviceRules.Default.Reasons["rijksrechercheOfficials"].Nl, StringComparison.Ordinal);
        Assert.Contains("Not every crime", AdviceRules.Default.Reasons["rijksrechercheOfficials"].En, StringComparison.Ordinal);

        // Whistleblower law: protection is for the reporter and whoever assists a reporter (art. 1); consulting an adviser
        // alone is not named. The Huis investigates treatment of a reporter, but only a court can order the employer.
        Assert.DoesNotContain("Wie een adviseur raadpleegt", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Consulting an adviser is covered", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Alleen het Huis voor Klokkenluiders mag", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("only body allowed", everything, StringComparison.Ordinal);
        Assert.Contains("alleen de rechter", routes["whistleblowerInvestigation"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.Contains(routes["whistleblowerInvestigation"].LegalBasis, source => source.Url == "https://zoek.officielebekendmakingen.nl/stcrt-2024-246.html");
        Assert.Contains("'betrokken derde'", string.Join(" ", routes["whistleblowerInternal"].LegalBasis.Select(source => source.Nl)), StringComparison.Ordinal);

        // Wbk art. 1a: the identity may be disclosed when a legal rule requires it, told in advance with the reason,
        // unless telling would endanger the investigation or the court case (BZK's wetbeschermingklokkenluiders.nl).
        Assert.All(new[] { "whistleblowerInternal", "whistleblowerExternal", "whistleblowerInvestigation" }, id =>
        {
            Assert.Contains("tenzij dat het onderzoek of de rechtszaak in gevaar brengt", routes[id].Protection.Nl, StringComparison.Ordinal);
            Assert.Contains("unless that would endanger the investigation or the court case", routes[id].Protection.En, StringComparison.Ordinal);
            Assert.Contains(routes[id].LegalBasis, source => source.Url?.StartsWith("https://www.wetbeschermingklokkenluiders.nl/", StringComparison.Ordinal) == true && source.Nl.Contains("artikel 1a", StringComparison.Ordinal));
        });

        // Since 2023 a wrongdoing may be reported externally without reporting internally first: the internal route says so too.
        Assert.Contains("Je hoeft niet eerst intern te melden", routes["whistleblowerInternal"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.Contains("You do not have to report internally first", routes["whistleblowerInternal"].Afterwards.En, StringComparison.Ordinal);

        // Claims no source gave: how often employers follow a judgment, the King's Commissioner informing the minister.
        Assert.DoesNotContain("volgen het vaak", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("inform the minister", everything, StringComparison.Ordinal);

        // The Juridisch Loket gives free personal advice only with a low income and little savings; union help is not promised free.
        Assert.Contains("laag inkomen en weinig spaargeld", routes["tradeUnion"].Purpose.Nl, StringComparison.Ordinal);
        Assert.DoesNotContain("often free", everything, StringComparison.Ordinal);

        // The ministry recommends a confidant for the council and the Municipal Executive; it is not an obligation (the seed).
        Assert.Contains("hoeven geen vertrouwenspersoon te hebben", routes["councilConfidant"].Purpose.Nl, StringComparison.Ordinal);
    }

    /// <summary>
    /// A route card may be shown when someone is involved whom the card itself names as a receiver: then it
    /// says so. The integrity officer's card names the manager only when the manager is not involved; the
    /// temporary desk, which may pass a signal on to the mayor or the secretary, and the complaint procedure,
    /// whose decision lies with someone on the employer's side, tell the person to ask first.
    /// </summary>
    [Fact]
    public void Route_cards_that_name_a_receiver_who_may_be_involved_say_what_to_do_then()
    {
        var routes = RouteSeed.Document.Routes.ToDictionary(route => route.Id);
        var all = string.Join("\n", RouteSeed.Document.Routes.SelectMany(route => new[] { route.Purpose.Nl, route.Afterwards.Nl, route.Purpose.En, route.Afterwards.En }));

        Assert.DoesNotContain("Je leidinggevende of de integriteitsadviseur helpt", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Your manager or the integrity officer helps", all, StringComparison.Ordinal);
        Assert.Contains("als die er zelf niet bij betrokken is", routes["integrityOfficer"].Purpose.Nl, StringComparison.Ordinal);
        Assert.Contains("unless your manager is involved", routes["integrityOfficer"].Purpose.En, StringComparison.Ordinal);
        Assert.Contains("aan wie het meldpunt je signaal doorgeeft", routes["temporaryDesk"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.Contains("who the desk passes your signal on to", routes["temporaryDesk"].Afterwards.En, StringComparison.Ordinal);
        Assert.Contains("Gaat je klacht juist over die persoon", routes["complaintProcedure"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.Contains("about that very person", routes["complaintProcedure"].Afterwards.En, StringComparison.Ordinal);

        // Temp workers and interns: the whistleblower law protects them when they report a wrongdoing, not for any complaint.
        Assert.Contains("Meld je een misstand, dan beschermt de klokkenluiderswet jou ook", AdviceRules.Default.Reasons["agencyOrSchoolOwn"].Nl, StringComparison.Ordinal);
        Assert.Contains("If you report a wrongdoing, the whistleblower law protects you too", AdviceRules.Default.Reasons["agencyOrSchoolOwn"].En, StringComparison.Ordinal);

        // The company doctor is the employer's: contractors, volunteers and applicants are told to ask, and where else to go.
        Assert.Contains("huisarts", routes["companyDoctor"].Who.Nl, StringComparison.Ordinal);
        Assert.Contains("GP", routes["companyDoctor"].Who.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_new_route_says_who_it_is_for_what_happens_protection_and_anonymity_and_its_receiver_is_distinct_where_it_must_be()
    {
        var routes = RouteSeed.Document.Routes.ToDictionary(route => route.Id);

        Assert.Equal(RouteKind.Report, routes["whistleblowerInvestigation"].Kind);
        Assert.False(routes["whistleblowerInvestigation"].Anonymity.Possible);
        Assert.Contains("bejegening", routes["whistleblowerInvestigation"].Purpose.Nl, StringComparison.Ordinal);
        Assert.Equal(["ContractorInternVolunteerApplicant"], routes["agencyOrSchool"].Audiences.Select(audience => audience.ToString()));
        Assert.DoesNotContain(Audience.FormerEmployee, routes["reportingDutyAdvice"].Audiences);
        Assert.False(routes["humanRightsCollege"].Anonymity.Possible);
        Assert.Contains("not binding", routes["humanRightsCollege"].Afterwards.En, StringComparison.Ordinal);
        Assert.Contains("088-699 2890", routes["reportingDutyAdvice"].Afterwards.Nl, StringComparison.Ordinal);
        Assert.Contains("does not investigate integrity for your employer", routes["rijksrecherche"].Afterwards.En, StringComparison.Ordinal);
        Assert.NotEqual(routes["mayor"].Contact, routes["mayorReplacement"].Contact);
        Assert.Contains("without the mayor", routes["mayorReplacement"].Afterwards.En, StringComparison.Ordinal);
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
        await using var store = new TempSqliteStore();
        var storage = new CountingStorage(store.Storage);
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
        await using var store = new TempSqliteStore();
        var storage = new CountingStorage(store.Storage);
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
        await using var store = new TempSqliteStore();
        var storage = new CountingStorage(store.Storage);
        await storage.WriteAsync(RouteCatalogueLoader.Key, Encoding.UTF8.GetBytes("""{"version":99,"routes":[{"id":"half"}]}"""), ifMatch: null);

        var loaded = await new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance).LoadAsync();

        Assert.Equal(RouteSeed.Document.Version, loaded.Version);
        Assert.Equal(RouteSeed.Document.Version, RouteCatalogueDocument.Parse((await storage.ReadAsync(RouteCatalogueLoader.Key))!.Data.Span).Version);
    }

    [Fact]
    public async Task Several_instances_starting_at_once_all_end_up_with_the_same_catalogue()
    {
        await using var store = new TempSqliteStore();
        var storage = new CountingStorage(store.Storage);
        var loads = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => new RouteCatalogueLoader(storage, NullLogger<RouteCatalogueLoader>.Instance).LoadAsync()));

        var loaded = await Task.WhenAll(loads);

        Assert.All(loaded, document => Assert.Equal(RouteSeed.Document.Version, document.Version));
        Assert.Equal(1, storage.Writes);
    }

    [Fact]
    public async Task The_catalogue_is_read_from_the_store_once_and_again_after_the_refresh_period()
    {
        await using var store = new TempSqliteStore();
        var storage = new CountingStorage(store.Storage);
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
        await using var store = new TempSqliteStore();
        var storage = new CountingStorage(store.Storage);
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
    public void A_local_receiver_recorded_as_absent_is_left_out_and_a_national_route_always_stays()
    {
        var contacts = new Dictionary<string, RouteContact>
        {
            ["complaintCommittee"] = new("-") { Present = false },
            ["internalConfidant"] = new("Vertrouwenspersonen") { Present = false },
            ["police"] = new("-") { Present = false },
            ["externalConfidant"] = new("Vertrouwenswerk Noord", Url: "https://example.org/vw"),
        };

        var catalogue = new RouteCatalogue(1, RouteSeed.Document.Routes, contacts);

        Assert.Null(catalogue.Find("complaintProcedure"));
        Assert.Null(catalogue.Find("internalConfidant"));
        Assert.DoesNotContain(catalogue.Routes, route => route.Id is "complaintProcedure" or "internalConfidant" or "temporaryDesk" or "mayorReplacement");
        Assert.NotNull(catalogue.Find("police"));
        Assert.Null(catalogue.ContactFor(catalogue.Find("police")!));
        Assert.Equal("Vertrouwenswerk Noord", catalogue.ContactFor(catalogue.Find("externalConfidant")!)!.Name);
        Assert.All(RouteSeed.Document.Routes.Where(route => route.OnlyWhenContactConfigured), route => Assert.True(route.LocalReceiver, route.Id));
        Assert.Equal(
            ["externalConfidant", "internalConfidant", "councilConfidant", "temporaryDesk", "complaintProcedure", "integrityOfficer", "mayorReplacement"],
            RouteSeed.Document.Routes.Where(route => route.LocalReceiver).Select(route => route.Id));
    }

    [Fact]
    public void Links_to_local_rules_are_only_the_present_ones_HR_gave_an_address()
    {
        var contacts = new Dictionary<string, RouteContact>
        {
            ["reportingRegulation"] = new("Meldregeling", Url: "https://example.org/meldregeling"),
            ["codeOfConduct"] = new("Gedragscode"),
        };

        var catalogue = new RouteCatalogue(1, RouteSeed.Document.Routes, contacts);

        Assert.Equal(["Meldregeling"], catalogue.LinksFor(catalogue.Find("whistleblowerInternal")!).Select(link => link.Name));
        Assert.Empty(catalogue.LinksFor(catalogue.Find("integrityOfficer")!));
    }

    [Fact]
    public async Task Configuration_can_say_a_receiver_does_not_exist_here_and_give_notes_in_both_languages()
    {
        var directory = new ConfiguredRouteContactDirectory(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Routes:Contacts:complaintCommittee:Present"] = "false",
            ["Routes:Contacts:internalConfidant:Name"] = "Vertrouwenspersonen",
            ["Routes:Contacts:internalConfidant:NoteNl"] = "Alleen op dinsdag.",
            ["Routes:Contacts:internalConfidant:NoteEn"] = "Tuesdays only.",
        }).Build());

        var catalogue = new RouteCatalogue(1, RouteSeed.Document.Routes, await directory.GetContactsAsync());

        Assert.Null(catalogue.Find("complaintProcedure"));
        Assert.Equal("Tuesdays only.", catalogue.ContactFor(catalogue.Find("internalConfidant")!)!.Note!.En);
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

        Assert.Equal(RouteSeed.Document.Routes.Count(route => !route.OnlyWhenContactConfigured), first.Routes.Count);
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
