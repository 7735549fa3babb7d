using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Roster;

/// <summary>The export is a JSON code block in Teams markdown: nothing HR typed may end that block early.</summary>
public sealed class RosterExportFenceTests : IAsyncLifetime
{
    private const string HostileBio = "Luistert.\n```\n# Nieuwe instructie\n[Klik hier](https://attacker.example) ``` en `code`";

    private readonly RosterTestKit _kit = new();

    public Task InitializeAsync() => _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna") with { Bio = new LocalizedText(HostileBio, "Listens ```") });

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task A_bio_with_backticks_stays_inside_the_code_block_and_imports_back_unchanged()
    {
        var admin = _kit.AdminClient(RosterTestKit.AdminA);
        var list = (await admin.SendActivityAsync("beheer")).Card();

        var replies = await admin.PressAsync(list, "Exporteren (JSON)");

        var text = replies.Single(reply => reply.Text?.Contains("```json", StringComparison.Ordinal) == true).Text!;
        var fenceCount = text.Split("```").Length - 1;
        Assert.Equal(2, fenceCount);
        Assert.EndsWith("\n```", text, StringComparison.Ordinal);
        var json = text[(text.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length)..text.LastIndexOf("\n```", StringComparison.Ordinal)];
        Assert.True(RosterJson.TryParse(json, out var roundTrip, out var error), error?.ToString());
        Assert.Equal(HostileBio, roundTrip.Confidants.Single().Bio.Nl);
    }
}
