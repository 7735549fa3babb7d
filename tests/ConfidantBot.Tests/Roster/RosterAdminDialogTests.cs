using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Dialogs;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Roster;

/// <summary>HR's administration driven turn by turn, on a real SQLite store.</summary>
public sealed class RosterAdminDialogTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    private static Dictionary<string, string> NewConfidantInput(string id = "nieuw-1", string name = "Voorbeeld: Fleur Smit") => new()
    {
        ["id"] = id,
        ["displayName"] = name,
        ["organisation"] = "Raadsvertrouwenswerk Voorbeeld",
        ["kind"] = "External",
        ["audiences"] = "Council,College",
        ["languages"] = "nl, en",
        ["bioNl"] = "Externe vertrouwenspersoon voor raad en college.",
        ["bioEn"] = "External confidant for council and college.",
        ["invitationEmail"] = "fleur.smit@example.org",
        ["consultationHours"] = "ma 09:00-12:00; wo 13:00-17:00",
        ["slotMinutes"] = "60",
        ["bufferMinutes"] = "15",
    };

    private static async Task<JsonObject> OpenAsync(DialogTestClient admin)
        => (await admin.SendActivityAsync("beheer")).Card();

    [Fact]
    public async Task An_added_confidant_appears_in_the_admin_list_and_to_people_of_that_audience_only()
    {
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var list = await OpenAsync(admin);
        Assert.Contains("Er staan nog geen vertrouwenspersonen in de lijst.", admin.Adapter.SentActivities.Describe());

        var form = (await admin.PressAsync(list, "Vertrouwenspersoon toevoegen")).Card();
        var saved = await admin.PressAsync(form, "Opslaan", NewConfidantInput());

        Assert.Contains("Voorbeeld: Fleur Smit is toegevoegd.", saved.Describe());
        var newList = Cards.AllText(saved.Card());
        Assert.Contains("Voorbeeld: Fleur Smit", newList);
        Assert.Contains("Gemeenteraad, College van B&W", newList);
        Assert.Contains("Actief", newList);

        var councilView = _kit.ConfidantsClient();
        await councilView.SendActivityAsync("wie");
        var councilCard = await councilView.SendValueAsync(new JsonObject { ["choice"] = "Council" }.ToJsonString());
        Assert.Contains("Voorbeeld: Fleur Smit", councilCard.Describe());

        var employeeView = _kit.ConfidantsClient();
        await employeeView.SendActivityAsync("wie");
        var employeeCard = await employeeView.SendValueAsync(new JsonObject { ["choice"] = "Employees" }.ToJsonString());
        Assert.DoesNotContain("Fleur Smit", employeeCard.Describe());
    }

    private async Task<string> EmployeesSeeAsync()
    {
        var employee = _kit.ConfidantsClient();
        await employee.SendActivityAsync("wie");
        return (await employee.SendValueAsync(new JsonObject { ["choice"] = "Employees" }.ToJsonString())).Describe();
    }

    [Fact]
    public async Task Deactivating_hides_a_confidant_from_employees_but_keeps_it_in_the_roster_and_reactivating_shows_it_again()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"), RosterTestKit.Confidant("c-bram", "Bram"));
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var list = await OpenAsync(admin);

        var afterDeactivate = await admin.PressForAsync(list, "Op niet actief zetten", "c-anna");

        Assert.Contains("Anna staat nu op niet actief.", afterDeactivate.Describe());
        var listText = Cards.AllText(afterDeactivate.Card());
        Assert.Contains("Anna", listText);
        Assert.Contains("Niet actief", listText);
        Assert.Contains("2 vertrouwenspersonen in de lijst, waarvan 1 actief.", listText);
        Assert.False((await _kit.Store.FindAsync("c-anna", default))!.Active);
        var seen = await EmployeesSeeAsync();
        Assert.DoesNotContain("Anna", seen);
        Assert.Contains("Bram", seen);

        var afterReactivate = await admin.PressForAsync(afterDeactivate.Card(), "Weer actief maken", "c-anna");

        Assert.Contains("Anna is weer actief", afterReactivate.Describe());
        Assert.Contains("Anna", await EmployeesSeeAsync());
    }

    [Fact]
    public async Task Deactivating_the_last_council_and_college_confidant_asks_first_and_names_who_will_see_no_confidant()
    {
        await _kit.SeedAsync(
            RosterTestKit.Confidant("c-anna", "Anna", ConfidantKind.External, Audience.Employees),
            RosterTestKit.Confidant("c-marloes", "Marloes", ConfidantKind.External, Audience.Council, Audience.College, Audience.Employees));
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var list = await OpenAsync(admin);

        var warning = await admin.PressForAsync(list, "Op niet actief zetten", "c-marloes");

        Assert.Equal(
            "Laatste vertrouwenspersoon voor deze groep "
            + "Marloes is de enige actieve vertrouwenspersoon voor: Gemeenteraad en College van B&W. Zet je deze vertrouwenspersoon op niet actief, dan zien raadsleden en leden van het college van B&W in de bot geen vertrouwenspersoon meer en kunnen zij geen gesprek aanvragen. "
            + "Wil je dat echt? Je kunt ook eerst een andere vertrouwenspersoon voor deze groep toevoegen. "
            + "[Toch op niet actief zetten] [Niet doen]",
            warning.Describe());
        Assert.True((await _kit.Store.FindAsync("c-marloes", default))!.Active);

        var kept = await admin.PressAsync(warning.Card(), "Niet doen");
        Assert.DoesNotContain("niet actief.", kept.Describe());
        Assert.True((await _kit.Store.FindAsync("c-marloes", default))!.Active);

        var again = await admin.PressForAsync(kept.Card(), "Op niet actief zetten", "c-marloes");
        var done = await admin.PressAsync(again.Card(), "Toch op niet actief zetten");
        Assert.Contains("Marloes staat nu op niet actief.", done.Describe());
        Assert.False((await _kit.Store.FindAsync("c-marloes", default))!.Active);
        Assert.Contains("Anna", await EmployeesSeeAsync());
    }

    [Fact]
    public async Task Deactivating_the_only_confidant_of_employees_names_employees_and_one_of_two_is_not_warned_about()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"), RosterTestKit.Confidant("c-bram", "Bram"));
        var admin = _kit.AdminClient(RosterTestKit.AdminA);

        var first = await admin.PressForAsync(await OpenAsync(admin), "Op niet actief zetten", "c-anna");
        Assert.Contains("Anna staat nu op niet actief.", first.Describe());

        var second = await admin.PressForAsync(first.Card(), "Op niet actief zetten", "c-bram");
        Assert.Contains("dan zien medewerkers in de bot geen vertrouwenspersoon meer", second.Describe());
        Assert.True((await _kit.Store.FindAsync("c-bram", default))!.Active);
    }

    [Fact]
    public async Task An_invalid_form_is_shown_again_with_each_error_beside_its_field_and_the_input_kept_and_nothing_is_saved()
    {
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var form = (await admin.PressAsync(await OpenAsync(admin), "Vertrouwenspersoon toevoegen")).Card();
        var before = await _kit.RosterBytesAsync();
        var input = NewConfidantInput();
        input["invitationEmail"] = "fleur.smit-at-example";
        input["consultationHours"] = "maandagochtend";
        input["slotMinutes"] = "200";
        input["bufferMinutes"] = "veel";
        input["organisation"] = "";

        var retry = await admin.PressAsync(form, "Opslaan", input);

        var card = retry.Card();
        Assert.Contains("Niet opgeslagen: verbeter de velden met een melding.", Cards.AllText(card));
        Assert.Equal("Dit is geen geldig e-mailadres (bijvoorbeeld naam@example.org).", Cards.ErrorAfter(card, "invitationEmail"));
        Assert.StartsWith("Schrijf de spreekuren als", Cards.ErrorAfter(card, "consultationHours"));
        Assert.Equal("Kies een gespreksduur van 15 tot 120 minuten.", Cards.ErrorAfter(card, "slotMinutes"));
        Assert.Equal("Vul een heel getal in.", Cards.ErrorAfter(card, "bufferMinutes"));
        Assert.Equal("Vul dit veld in.", Cards.ErrorAfter(card, "organisation"));
        Assert.Null(Cards.ErrorAfter(card, "displayName"));
        var kept = Cards.Inputs(card);
        foreach (var (field, value) in input)
        {
            Assert.Equal(value, kept[field]);
        }

        Assert.Equal(before, await _kit.RosterBytesAsync());
        Assert.Empty(await _kit.AuditAsync());

        // Corrected on the same card, it saves.
        input["invitationEmail"] = "fleur.smit@example.org";
        input["consultationHours"] = "di 9.00–12.00";
        input["slotMinutes"] = "50";
        input["bufferMinutes"] = "10";
        input["organisation"] = "Voorbeeld BV";
        var saved = await admin.PressAsync(card, "Opslaan", input);
        Assert.Contains("is toegevoegd", saved.Describe());
        var stored = await _kit.Store.FindAsync("nieuw-1", default);
        Assert.Equal([new ConsultationHours(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(12, 0))], stored!.ConsultationHours);
        Assert.Equal(50, stored.SlotMinutes);
    }

    [Fact]
    public async Task Adding_an_id_that_exists_shows_the_form_again_with_the_id_error()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var form = (await admin.PressAsync(await OpenAsync(admin), "Vertrouwenspersoon toevoegen")).Card();
        var before = await _kit.RosterBytesAsync();

        var retry = await admin.PressAsync(form, "Opslaan", NewConfidantInput(id: "c-anna"));

        Assert.Equal("Deze id bestaat al.", Cards.ErrorAfter(retry.Card(), "id"));
        Assert.Equal(before, await _kit.RosterBytesAsync());
    }

    [Theory]
    [InlineData("list")]
    [InlineData("add")]
    [InlineData("edit")]
    [InlineData("deactivate")]
    [InlineData("confirmDeactivate")]
    [InlineData("reactivate")]
    [InlineData("contacts")]
    [InlineData("contact")]
    [InlineData("export")]
    [InlineData("import")]
    [InlineData("save")]
    [InlineData("saveContact")]
    [InlineData("importRoster")]
    public async Task A_non_admin_is_refused_every_admin_command_and_nothing_changes(string command)
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        await _kit.Store.SetActiveAsync("c-anna", active: false, expectedVersion: 1, RosterTestKit.AdminA, default);
        var before = await _kit.RosterBytesAsync();
        var auditBefore = (await _kit.AuditAsync()).Count;
        var employee = _kit.AdminClient(RosterTestKit.Employee);
        var data = new JsonObject
        {
            ["rosterAdmin"] = command,
            ["recordId"] = "c-anna",
            ["version"] = "2",
            ["key"] = "griffier",
            ["mode"] = "Edit",
            ["displayName"] = "Overgenomen",
            ["nameNl"] = "Overgenomen",
            ["rosterJson"] = RosterJson.Export(RosterDocument.Empty),
        };

        var replies = await employee.SendValueAsync(data.ToJsonString());

        var reply = Assert.Single(replies);
        Assert.Equal("Dit onderdeel is alleen voor HR-beheerders van de lijst met vertrouwenspersonen. Heb je deze rol nodig, vraag het dan aan je HR-afdeling.", reply.Text);
        Assert.Null(reply.Attachments);
        Assert.NotEqual(DialogTurnStatus.Waiting, employee.LastResult!.Status);
        Assert.Equal(before, await _kit.RosterBytesAsync());
        Assert.Equal(auditBefore, (await _kit.AuditAsync()).Count);
    }

    [Fact]
    public async Task An_admin_whose_rights_are_withdrawn_while_a_form_is_open_is_refused_on_save()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var admin = _kit.AdminClient(RosterTestKit.AdminB);
        var form = (await admin.PressForAsync(await OpenAsync(admin), "Wijzigen", "c-anna")).Card();
        var before = await _kit.RosterBytesAsync();
        _kit.AdminOptions.ObjectIds.Remove(RosterTestKit.AdminB);

        var replies = await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["displayName"] = "Anna (gewijzigd)" });

        Assert.StartsWith("Dit onderdeel is alleen voor HR-beheerders", Assert.Single(replies).Text);
        Assert.Equal(before, await _kit.RosterBytesAsync());
        Assert.NotEqual(DialogTurnStatus.Waiting, admin.LastResult!.Status);
    }

    [Fact]
    public async Task When_two_admins_edit_the_same_confidant_the_second_save_is_refused_with_the_current_version_and_nothing_is_lost()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var first = _kit.AdminClient(RosterTestKit.AdminA);
        var second = _kit.AdminClient(RosterTestKit.AdminB);
        var firstForm = (await first.PressForAsync(await OpenAsync(first), "Wijzigen", "c-anna")).Card();
        var secondForm = (await second.PressForAsync(await OpenAsync(second), "Wijzigen", "c-anna")).Card();

        var secondSaved = await second.PressAsync(secondForm, "Opslaan", new Dictionary<string, string> { ["organisation"] = "Nieuw Bureau" });
        Assert.Contains("De wijzigingen voor Anna zijn opgeslagen.", secondSaved.Describe());

        var refused = await first.PressAsync(firstForm, "Opslaan", new Dictionary<string, string> { ["slotMinutes"] = "30" });

        var card = refused.Card();
        var text = Cards.AllText(card);
        Assert.Contains("Iemand anders heeft dit intussen gewijzigd. Je wijziging is NIET opgeslagen.", text);
        Assert.Contains("Nieuw Bureau", text);
        Assert.Equal("30", Cards.Inputs(card)["slotMinutes"]);
        var stored = await _kit.Store.FindAsync("c-anna", default);
        Assert.Equal("Nieuw Bureau", stored!.Organisation);
        Assert.Equal(45, stored.SlotMinutes);

        // Saving again on the card that now carries the current version is a deliberate overwrite.
        var resaved = await first.PressAsync(card, "Opslaan");
        Assert.Contains("De wijzigingen voor Anna zijn opgeslagen.", resaved.Describe());
        stored = await _kit.Store.FindAsync("c-anna", default);
        Assert.Equal(30, stored!.SlotMinutes);
        Assert.Equal(3, stored.Version);
    }

    [Fact]
    public async Task Deactivating_from_a_stale_list_is_refused_and_says_someone_else_changed_it()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var staleList = await OpenAsync(admin);
        await _kit.Store.UpdateAsync((await _kit.Store.FindAsync("c-anna", default))! with { Organisation = "Ander Bureau" }, RosterTestKit.AdminB, default);

        var replies = await admin.PressForAsync(staleList, "Op niet actief zetten", "c-anna");

        Assert.Contains("Anna is intussen door iemand anders gewijzigd; er is niets veranderd.", replies.Describe());
        Assert.True((await _kit.Store.FindAsync("c-anna", default))!.Active);
    }

    private static string ExportedJson(IReadOnlyList<ConfidantBot.BotFramework.Schema.Activity> replies)
    {
        var text = replies.Single(r => r.Text?.Contains("```json", StringComparison.Ordinal) == true).Text!;
        var start = text.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        return text[start..text.LastIndexOf("\n```", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Export_then_import_round_trips_exactly()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna ë & \"quotes\""), RosterTestKit.Confidant("c-bram", "Bram", ConfidantKind.Internal, Audience.Council, Audience.College));
        await _kit.Store.SetActiveAsync("c-bram", active: false, expectedVersion: 1, RosterTestKit.AdminA, default);
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var list = await OpenAsync(admin);
        var exportReplies = await admin.PressAsync(list, "Exporteren (JSON)");
        var exported = ExportedJson(exportReplies);
        Assert.Equal("markdown", exportReplies.Single(r => r.Text?.Contains("```", StringComparison.Ordinal) == true).TextFormat);
        var rosterBefore = await _kit.RosterBytesAsync();

        var importForm = (await admin.PressAsync(exportReplies.Card(), "Importeren (JSON)")).Card();
        var imported = await admin.PressAsync(importForm, "Importeren", new Dictionary<string, string> { ["rosterJson"] = exported });
        Assert.Contains("De lijst is vervangen: 2 vertrouwenspersonen en 1 contacten.", imported.Describe());

        var again = ExportedJson(await admin.PressAsync(imported.Card(), "Exporteren (JSON)"));
        Assert.Equal(exported, again);
        Assert.Equal(rosterBefore, await _kit.RosterBytesAsync());
    }

    [Fact]
    public async Task A_valid_import_replaces_the_whole_roster_at_once()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var replacement = RosterJson.Export(new RosterDocument([RosterTestKit.Confidant("c-chris", "Chris"), RosterTestKit.Confidant("c-dana", "Dana")], []));
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var importForm = (await admin.PressAsync(await OpenAsync(admin), "Importeren (JSON)")).Card();

        var replies = await admin.PressAsync(importForm, "Importeren", new Dictionary<string, string> { ["rosterJson"] = replacement });

        Assert.Contains("De lijst is vervangen: 2 vertrouwenspersonen en 0 contacten.", replies.Describe());
        var roster = await _kit.Store.ReadAsync(default);
        Assert.Equal(["c-chris", "c-dana"], roster.Confidants.Select(c => c.Id));
        Assert.Empty(roster.Contacts);
        Assert.DoesNotContain("Anna", Cards.AllText(replies.Card()));
    }

    [Theory]
    [InlineData("email", "Fout in vertrouwenspersoon nummer 2 (id 'c-dana'), veld 'invitationEmail': Dit is geen geldig e-mailadres")]
    [InlineData("hours", "Fout in vertrouwenspersoon nummer 2 (id 'c-dana'), veld 'consultationHours': Deze waarde heeft niet de juiste vorm.")]
    [InlineData("unknown", "Fout in vertrouwenspersoon nummer 2 (id 'c-dana'), veld 'slotMinuten': Dit veld kent de lijst niet")]
    [InlineData("missing", "Fout in vertrouwenspersoon nummer 2 (id 'c-dana'), veld 'organisation': Vul dit veld in.")]
    [InlineData("duplicate", "Fout in vertrouwenspersoon nummer 2 (id 'c-chris'), veld 'id': Deze id bestaat al.")]
    [InlineData("contact", "Fout in contact nummer 1 (id 'griffier'), veld 'url': Vul een volledig webadres in")]
    [InlineData("syntax", "Dit is geen geldige JSON (fout rond regel")]
    public async Task An_import_with_one_bad_entry_changes_nothing_and_names_the_entry_and_field(string fault, string expected)
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var file = JsonNode.Parse(RosterJson.Export(new RosterDocument(
            [RosterTestKit.Confidant("c-chris", "Chris"), RosterTestKit.Confidant("c-dana", "Dana")],
            [new RouteContact { Key = "griffier", Name = new LocalizedText("Griffie", "Clerk"), Url = "https://example.org/griffie" }])))!;
        var dana = file["confidants"]![1]!.AsObject();
        switch (fault)
        {
            case "email": dana["invitationEmail"] = "dana@"; break;
            case "hours": dana["consultationHours"] = "ma 09:00-12:00"; break;
            case "unknown": dana["slotMinuten"] = 30; break;
            case "missing": dana.Remove("organisation"); break;
            case "duplicate": dana["id"] = "c-chris"; break;
            case "contact": file["contacts"]![0]!["url"] = "http://example.org/griffie"; break;
        }

        var text = fault == "syntax" ? file.ToJsonString()[..^3] : file.ToJsonString();
        var before = await _kit.RosterBytesAsync();
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var importForm = (await admin.PressAsync(await OpenAsync(admin), "Importeren (JSON)")).Card();

        var replies = await admin.PressAsync(importForm, "Importeren", new Dictionary<string, string> { ["rosterJson"] = text });

        var shown = Cards.AllText(replies.Card());
        Assert.Contains("Er is niets veranderd.", shown);
        Assert.Contains(expected, shown);
        Assert.Equal(before, await _kit.RosterBytesAsync());
        Assert.Equal(DialogTurnStatus.Waiting, admin.LastResult!.Status);
    }

    [Fact]
    public async Task The_audit_log_has_one_entry_per_change_with_admin_action_subject_and_time_only()
    {
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var form = (await admin.PressAsync(await OpenAsync(admin), "Vertrouwenspersoon toevoegen")).Card();
        var list = (await admin.PressAsync(form, "Opslaan", NewConfidantInput())).Card();
        _kit.Clock.Advance(TimeSpan.FromMinutes(5));
        var editForm = (await admin.PressForAsync(list, "Wijzigen", "nieuw-1")).Card();
        list = (await admin.PressAsync(editForm, "Opslaan", new Dictionary<string, string> { ["bioNl"] = "Nieuwe tekst" })).Card();
        _kit.Clock.Advance(TimeSpan.FromMinutes(1));
        var warning = (await admin.PressForAsync(list, "Op niet actief zetten", "nieuw-1")).Card();
        list = (await admin.PressAsync(warning, "Toch op niet actief zetten")).Card();
        _kit.Clock.Advance(TimeSpan.FromMinutes(1));
        list = (await admin.PressForAsync(list, "Weer actief maken", "nieuw-1")).Card();
        _kit.Clock.Advance(TimeSpan.FromMinutes(1));
        var contacts = (await admin.PressAsync(list, "Contacten voor de routes")).Card();
        var contactForm = (await admin.PressForKeyAsync(contacts, "Wijzigen", "griffier")).Card();
        await admin.PressAsync(contactForm, "Opslaan", new Dictionary<string, string> { ["nameNl"] = "Griffie Voorbeeldstad", ["email"] = "griffie@example.org" });

        var audit = (await _kit.AuditAsync()).OrderBy(e => e["at"]!.GetValue<string>(), StringComparer.Ordinal).ToList();

        Assert.Equal(["add", "edit", "deactivate", "reactivate", "contact"], audit.Select(e => e["action"]!.GetValue<string>()));
        foreach (var entry in audit)
        {
            Assert.Equal(["at", "adminId", "action", "subject"], entry.Select(p => p.Key));
            Assert.Equal(RosterTestKit.AdminA, entry["adminId"]!.GetValue<string>());
            Assert.Contains(entry["subject"]!.GetValue<string>(), new[] { "nieuw-1", "griffier" });
            Assert.DoesNotContain("Fleur", entry.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Griffie", entry.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("example.org", entry.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(_kit.Clock.GetUtcNow().AddMinutes(-8), DateTimeOffset.Parse(audit[0]["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
