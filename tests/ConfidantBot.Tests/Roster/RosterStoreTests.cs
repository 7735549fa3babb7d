using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Roster;

/// <summary>The single-document roster on a real SQLite store: versions, atomic import, concurrent writers.</summary>
public sealed class RosterStoreTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task An_import_keeps_the_version_of_unchanged_records_and_raises_it_for_changed_ones()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"), RosterTestKit.Confidant("c-bram", "Bram"));
        var current = await _kit.Store.ReadAsync(default);

        var changed = current with { Confidants = [current.Confidants[0], current.Confidants[1] with { Organisation = "Ander Bureau", Version = 99 }] };
        var saved = await _kit.Store.ImportAsync(changed, RosterTestKit.AdminA, default);

        Assert.Equal(1, saved.Confidants[0].Version);
        Assert.Equal(2, saved.Confidants[1].Version);
        Assert.Equal(1, saved.Contacts[0].Version);
    }

    [Fact]
    public async Task An_edit_opened_before_an_import_that_changed_the_record_is_refused()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var opened = (await _kit.Store.FindAsync("c-anna", default))!;
        await _kit.Store.ImportAsync(new RosterDocument([opened with { DisplayName = "Anna (nieuw)" }], []), RosterTestKit.AdminB, default);

        await Assert.ThrowsAsync<RosterConflictException>(() => _kit.Store.UpdateAsync(opened with { Organisation = "X" }, RosterTestKit.AdminA, default));
        Assert.Equal("Anna (nieuw)", (await _kit.Store.FindAsync("c-anna", default))!.DisplayName);
    }

    [Fact]
    public async Task Deactivating_a_record_an_import_removed_is_a_clear_not_found()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        await _kit.Store.ImportAsync(RosterDocument.Empty, RosterTestKit.AdminB, default);

        var failure = await Assert.ThrowsAsync<RosterValidationException>(() => _kit.Store.SetActiveAsync("c-anna", active: false, 1, RosterTestKit.AdminA, default));
        Assert.Equal([new FieldError("Id", "not-found")], failure.Errors);
    }

    [Fact]
    public async Task Admins_changing_different_records_at_the_same_time_both_keep_their_change()
    {
        await _kit.SeedAsync([.. Enumerable.Range(1, 6).Select(i => RosterTestKit.Confidant($"c-{i}", $"Persoon {i}"))]);

        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(async () =>
        {
            var record = (await _kit.Store.FindAsync($"c-{i}", default))!;
            await _kit.Store.UpdateAsync(record with { Organisation = $"Bureau {i}" }, i % 2 == 0 ? RosterTestKit.AdminA : RosterTestKit.AdminB, default);
        })));

        var roster = await _kit.Store.ReadAsync(default);
        Assert.All(roster.Confidants, c => Assert.Equal("Bureau " + c.Id[2..], c.Organisation));
        Assert.All(roster.Confidants, c => Assert.Equal(2, c.Version));
        Assert.Equal(1 + 6, (await _kit.AuditAsync()).Count);
    }

    [Fact]
    public async Task An_invalid_import_throws_naming_the_list_entry_and_field_and_writes_nothing()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        var before = await _kit.RosterBytesAsync();
        var bad = new RosterDocument([RosterTestKit.Confidant("c-1", "Een"), RosterTestKit.Confidant("c-2", "Twee") with { SlotMinutes = 5 }], []);

        var failure = await Assert.ThrowsAsync<RosterValidationException>(() => _kit.Store.ImportAsync(bad, RosterTestKit.AdminA, default));

        Assert.Equal(("confidants", 2, "c-2"), (failure.Section, failure.EntryIndex, failure.EntryId));
        Assert.Equal([new FieldError("SlotMinutes", "slot-range")], failure.Errors);
        Assert.Equal(before, await _kit.RosterBytesAsync());
    }

    [Fact]
    public void The_export_leaves_out_versions_and_reads_back_the_same_data()
    {
        var roster = new RosterDocument([RosterTestKit.Confidant("c-anna", "Anna") with { Version = 7, PhoneNumber = "+31 20 000 0000" }], []);

        var json = RosterJson.Export(roster);

        Assert.DoesNotContain("\"version\"", json, StringComparison.Ordinal);
        Assert.True(RosterJson.TryParse(json, out var back, out var error), error?.ToString());
        Assert.True(RosterJson.ContentEquals(roster.Confidants[0], back.Confidants[0]));
        Assert.Equal(json, RosterJson.Export(back));
    }

    [Theory]
    [InlineData("```json\n{\"confidants\":[]}\n```")]
    [InlineData("  {\"format\":\"confidantbot-roster\",\"confidants\":[],\"contacts\":[]}  ")]
    public void A_pasted_export_is_read_with_or_without_its_code_fence(string pasted)
    {
        Assert.True(RosterJson.TryParse(pasted, out var roster, out _));
        Assert.Empty(roster.Confidants);
    }

    [Theory]
    [InlineData("", "import-empty", null)]
    [InlineData("[]", "import-shape", "confidants")]
    [InlineData("{\"contacts\":[]}", "import-shape", "confidants")]
    [InlineData("{\"format\":\"iets-anders\",\"confidants\":[]}", "import-shape", "format")]
    [InlineData("{\"confidants\":[], \"contacts\":{}}", "import-shape", "contacts")]
    [InlineData("{\"confidants\":[1]}", "import-shape", null)]
    [InlineData("{\"confidants\":[{\"id\":\"c-1\",\"kind\":\"Halftime\"}]}", "required", "displayName")]
    public void A_file_that_is_not_an_export_is_refused_with_a_reason(string text, string code, string? field)
    {
        Assert.False(RosterJson.TryParse(text, out _, out var error));
        Assert.Equal(code, error!.Code);
        Assert.Equal(field, error.Field);
    }
}
