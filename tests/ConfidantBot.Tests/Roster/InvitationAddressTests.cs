using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Testing;
using ConfidantBot.Roster;
using ConfidantBot.Roster.Admin;
using ConfidantBot.Roster.InvitationAddresses;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Tests.Roster;

/// <summary>
/// A confidant's invitation address receives every later booking request, so an HR admin may only
/// set it within the allowed domains, and a change is told to both addresses (through the mail
/// seam) and audited with the address before and after.
/// </summary>
public sealed class InvitationAddressTests : IAsyncLifetime
{
    private readonly RosterTestKit _kit = new();
    private readonly RecordingNotifier _notifier = new();
    private RosterStore _store = null!;

    public async Task InitializeAsync()
    {
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna"));
        _store = new RosterStore(
            _kit.Storage,
            _kit.Clock,
            Options.Create(new InvitationAddressOptions { AllowedDomains = ["example.org", "vertrouwenswerk.example"] }),
            _notifier,
            NullLogger<RosterStore>.Instance);
    }

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Theory]
    [InlineData("anna@attacker.example")]
    [InlineData("anna@example.org.attacker.example")]
    [InlineData("anna@notexample.org")]
    public async Task An_address_outside_the_allowed_domains_is_refused_in_the_form_with_a_clear_message(string address)
    {
        var admin = AdminClient();
        var form = await OpenEditFormAsync(admin);
        var before = await _kit.RosterBytesAsync();
        var auditBefore = (await _kit.AuditAsync()).Count;

        var retry = await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["invitationEmail"] = address });

        Assert.StartsWith("Verzoeken mogen alleen naar een adres in een domein dat de gemeente toestaat", Cards.ErrorAfter(retry.Card(), "invitationEmail"));
        Assert.Equal(before, await _kit.RosterBytesAsync());
        Assert.Equal(auditBefore, (await _kit.AuditAsync()).Count);
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task A_changed_address_sends_a_notice_to_the_old_and_the_new_address_and_audits_before_and_after()
    {
        var admin = AdminClient();
        var form = await OpenEditFormAsync(admin);

        var saved = await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["invitationEmail"] = "anna@team.vertrouwenswerk.example" });

        Assert.Contains("De wijzigingen voor Anna zijn opgeslagen.", saved.Describe());
        Assert.Equal("anna@team.vertrouwenswerk.example", (await _store.FindAsync("c-anna", default))!.InvitationEmail);
        Assert.Equal(["c-anna@example.org", "anna@team.vertrouwenswerk.example"], _notifier.Sent.Select(sent => sent.To));
        Assert.All(_notifier.Sent, sent => Assert.Equal(("c-anna@example.org", "anna@team.vertrouwenswerk.example"), (sent.Change.OldAddress, sent.Change.NewAddress)));
        var change = Assert.Single(await _kit.AuditAsync(), entry => entry["action"]?.GetValue<string>() == "invitation-address");
        Assert.Equal("c-anna", change["subject"]!.GetValue<string>());
        Assert.Equal(RosterTestKit.AdminA, change["adminId"]!.GetValue<string>());
        Assert.Equal("c-anna@example.org", change["before"]!.GetValue<string>());
        Assert.Equal("anna@team.vertrouwenswerk.example", change["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_edit_that_keeps_the_address_sends_no_notice()
    {
        var admin = AdminClient();
        var form = await OpenEditFormAsync(admin);

        await admin.PressAsync(form, "Opslaan", new Dictionary<string, string> { ["organisation"] = "Nieuw Bureau" });

        Assert.Equal("Nieuw Bureau", (await _store.FindAsync("c-anna", default))!.Organisation);
        Assert.Empty(_notifier.Sent);
        Assert.DoesNotContain(await _kit.AuditAsync(), entry => entry["action"]?.GetValue<string>() == "invitation-address");
    }

    [Fact]
    public async Task An_import_that_moves_an_address_outside_the_domains_is_refused_and_one_inside_is_noticed_and_audited()
    {
        var anna = (await _store.FindAsync("c-anna", default))!;
        var roster = await _store.ReadAsync(default);

        var refusal = await Assert.ThrowsAsync<RosterValidationException>(() =>
            _store.ImportAsync(roster with { Confidants = [anna with { InvitationEmail = "anna@attacker.example" }] }, RosterTestKit.AdminB, default));
        Assert.Equal("email-domain", Assert.Single(refusal.Errors).Code);
        Assert.Equal("c-anna@example.org", (await _store.FindAsync("c-anna", default))!.InvitationEmail);
        Assert.Empty(_notifier.Sent);

        await _store.ImportAsync(roster with { Confidants = [anna with { InvitationEmail = "anna@vertrouwenswerk.example" }] }, RosterTestKit.AdminB, default);

        Assert.Equal(["c-anna@example.org", "anna@vertrouwenswerk.example"], _notifier.Sent.Select(sent => sent.To));
        var change = Assert.Single(await _kit.AuditAsync(), entry => entry["action"]?.GetValue<string>() == "invitation-address");
        Assert.Equal(RosterTestKit.AdminB, change["adminId"]!.GetValue<string>());
        Assert.Equal("c-anna@example.org", change["before"]!.GetValue<string>());
        Assert.Equal("anna@vertrouwenswerk.example", change["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_notice_that_cannot_be_sent_keeps_the_change_and_is_audited_as_failed()
    {
        _notifier.Fail = true;
        var anna = (await _store.FindAsync("c-anna", default))!;

        await _store.UpdateAsync(anna with { InvitationEmail = "anna@vertrouwenswerk.example" }, RosterTestKit.AdminA, default);

        Assert.Equal("anna@vertrouwenswerk.example", (await _store.FindAsync("c-anna", default))!.InvitationEmail);
        Assert.Contains(await _kit.AuditAsync(), entry => entry["action"]?.GetValue<string>() == "invitation-address-notice-failed");
    }

    [Theory]
    [InlineData("a@gemeente.example", true)]
    [InlineData("a@HR.Gemeente.Example", true)]
    [InlineData("a@gemeente.example.evil", false)]
    [InlineData("a@evilgemeente.example", false)]
    public void Allowed_domains_cover_their_subdomains_only(string address, bool allowed)
        => Assert.Equal(allowed, new InvitationAddressOptions { AllowedDomains = ["gemeente.example;bureau.example"] }.Allows(address));

    private DialogTestClient AdminClient() => _kit.Client(new RosterAdminDialog(_store, _kit.Authorizer), RosterTestKit.AdminA);

    private static async Task<JsonObject> OpenEditFormAsync(DialogTestClient admin)
    {
        var list = (await admin.SendActivityAsync("beheer")).Card();
        return (await admin.PressForAsync(list, "Wijzigen", "c-anna")).Card();
    }

    private sealed class RecordingNotifier : IInvitationAddressNotifier
    {
        private readonly List<(string To, InvitationAddressChange Change)> _sent = [];

        public bool Fail { get; set; }

        public IReadOnlyList<(string To, InvitationAddressChange Change)> Sent => [.. _sent];

        public Task NotifyAsync(InvitationAddressChange change, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("mail service down (simulated)");
            }

            _sent.Add((change.OldAddress, change));
            _sent.Add((change.NewAddress, change));
            return Task.CompletedTask;
        }
    }
}
