using System.Globalization;
using System.Text.Json;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Presentation;
using ConfidantBot.Roster;
using ConfidantBot.Roster.InvitationAddresses;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Roster;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models.ODataErrors;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// The notice of a changed invitation address, sent with the real Graph SDK (its default retry
/// handler included) to a fake Graph on 127.0.0.1: the exact <c>sendMail</c> requests, and what
/// happens when Graph throttles (429) or fails (500).
/// </summary>
public sealed class GraphInvitationAddressNotifierTests : IAsyncLifetime
{
    private const string Mailbox = "vertrouwelijk@gemeente.example";
    private const string SendMailPath = $"/v1.0/users/{Mailbox}/sendMail";
    private const string OldAddress = "c-anna@example.org";
    private const string NewAddress = "anna@vertrouwenswerk.example";
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly DateTimeOffset ChangedAt = new(2027, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });
    private readonly FakeTokenCredential _credential = new();
    private readonly RosterTestKit _kit = new();
    private GraphInvitationAddressNotifier _notifier = null!;

    public async Task InitializeAsync()
    {
        var options = Options.Create(new GraphCalendarOptions { ServiceMailbox = Mailbox, BaseUrl = _graph.Url + "/v1.0" });
        _notifier = new GraphInvitationAddressNotifier(GraphClients.Create(_credential, options.Value.BaseUrl), options);
        await _kit.SeedAsync(RosterTestKit.Confidant("c-anna", "Anna de Vries"));
    }

    public async Task DisposeAsync()
    {
        _graph.Stop();
        await _kit.DisposeAsync();
    }

    private static InvitationAddressChange Change() => new("c-anna", "Anna de Vries", OldAddress, NewAddress, ChangedAt);

    /// <summary>Graph's answers to sendMail, one per call in this order; the last one stays.</summary>
    private void GraphAnswers(params (int Status, string? RetryAfter)[] answers)
    {
        for (var index = 0; index < answers.Length; index++)
        {
            var (status, retryAfter) = answers[index];
            var request = _graph.Given(Request.Create().WithPath(SendMailPath).UsingPost());
            if (answers.Length > 1)
            {
                // A step without a next state drops the scenario back to its start: the last answer keeps its own state.
                request = request.InScenario("sendMail").WillSetStateTo($"call {Math.Min(index + 1, answers.Length - 1)}");
                if (index > 0)
                {
                    request = request.WhenStateIs($"call {index}");
                }
            }

            var response = Response.Create().WithStatusCode(status);
            if (status >= 400)
            {
                response = response.WithHeader("Content-Type", "application/json")
                    .WithBody(JsonSerializer.Serialize(new { error = new { code = status == 429 ? "TooManyRequests" : "InternalServerError", message = "test" } }));
            }

            if (retryAfter is not null)
            {
                response = response.WithHeader("Retry-After", retryAfter);
            }

            request.RespondWith(response);
        }
    }

    /// <summary>Every sendMail request Graph received, in order: its recipients and its parsed body.</summary>
    private List<(string To, JsonElement Body)> SendMails() => [.. _graph.LogEntries
        .OrderBy(entry => entry.RequestMessage!.DateTime)
        .Select(entry =>
        {
            Assert.Equal("POST", entry.RequestMessage!.Method);
            Assert.Equal(SendMailPath, entry.RequestMessage.Path);
            var body = JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.Clone();
            var to = Property(Property(body, "message"), "toRecipients").EnumerateArray()
                .Select(recipient => Property(Property(recipient, "emailAddress"), "address").GetString()!)
                .Single();
            return (to, body);
        })];

    // The SDK's casing of JSON names differs between endpoints: match them case-insensitively, as Graph does.
    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().Single(property => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The JSON names of an object, in lower case, without the SDK's OData type annotation.</summary>
    private static HashSet<string> Names(JsonElement element) =>
        element.EnumerateObject().Select(property => property.Name.ToLowerInvariant()).Where(name => !name.StartsWith("@odata.", StringComparison.Ordinal)).ToHashSet();

    [Fact]
    public async Task A_change_sends_one_message_from_the_service_mailbox_to_each_address_with_only_the_change_in_it_and_keeps_no_copy()
    {
        GraphAnswers((202, null));

        await _notifier.NotifyAsync(Change(), CancellationToken.None);

        var sent = SendMails();
        Assert.Equal([OldAddress, NewAddress], sent.Select(mail => mail.To));
        var expectedText = Texts.Format(Dutch, "roster.address-notice.body", "Anna de Vries", OldAddress, NewAddress, "2027-03-01 09:30 UTC");
        foreach (var (_, body) in sent)
        {
            // Only the message and "do not save to Sent Items": nothing about the change stays in the service mailbox.
            Assert.Equal(["message", "savetosentitems"], Names(body).Order().ToArray());
            Assert.False(Property(body, "saveToSentItems").GetBoolean());

            // One recipient, no copies, no sender other than the mailbox itself, no attachments.
            var message = Property(body, "message");
            Assert.Equal(["body", "subject", "torecipients"], Names(message).Order().ToArray());
            Assert.Equal(Texts.Get(Dutch, "roster.address-notice.subject"), Property(message, "subject").GetString());
            Assert.Equal("text", Property(Property(message, "body"), "contentType").GetString(), ignoreCase: true);

            // The text names the confidant, the two addresses and the time, and nothing else: no id, no admin, no bookings.
            var text = Property(Property(message, "body"), "content").GetString()!;
            Assert.Equal(expectedText, text);
            Assert.DoesNotContain("c-anna@", text.Replace(OldAddress, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain(RosterTestKit.AdminA, text, StringComparison.Ordinal);
        }

        Assert.All(_graph.LogEntries, entry => Assert.StartsWith("Bearer fake-token-", entry.RequestMessage!.Headers!["Authorization"].Single(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_Graph_throttles_the_notice_waits_as_told_and_each_address_still_gets_exactly_one_message()
    {
        GraphAnswers((429, "1"), (202, null));

        await _notifier.NotifyAsync(Change(), CancellationToken.None);

        // Three calls: the throttled one, its retry after the second Graph asked for, and the second address.
        var sent = SendMails();
        Assert.Equal([OldAddress, OldAddress, NewAddress], sent.Select(mail => mail.To));
        var calls = _graph.LogEntries.OrderBy(entry => entry.RequestMessage!.DateTime).Select(entry => entry.RequestMessage!.DateTime).ToList();
        // A timer may fire a fraction of a millisecond before the wall clock says a second has passed (a clean-clone run saw
        // 0.9995 s), so the margin is 100 ms: what matters is that the retry waited for Retry-After, not that it came at once.
        Assert.True(calls[1] - calls[0] >= TimeSpan.FromSeconds(0.9), $"retried after {calls[1] - calls[0]}, before Retry-After");
        Assert.Equal(sent[0].Body.GetRawText(), sent[1].Body.GetRawText());
    }

    [Fact]
    public async Task When_Graph_fails_for_the_old_address_the_new_one_is_still_told_and_the_failure_is_not_hidden()
    {
        GraphAnswers((500, null), (202, null));

        await Assert.ThrowsAsync<ODataError>(() => _notifier.NotifyAsync(Change(), CancellationToken.None));

        Assert.Equal([OldAddress, NewAddress], SendMails().Select(mail => mail.To));
    }

    [Fact]
    public async Task When_Graph_is_down_the_saved_address_stays_and_HR_finds_the_failed_notice_in_the_audit_and_the_log()
    {
        GraphAnswers((500, null));
        var logs = new FakeLogCollector();
        var store = new RosterStore(
            _kit.Storage,
            _kit.Clock,
            Options.Create(new InvitationAddressOptions { AllowedDomains = ["example.org", "vertrouwenswerk.example"] }),
            _notifier,
            new FakeLogger<RosterStore>(logs));
        var anna = (await store.FindAsync("c-anna", CancellationToken.None))!;

        await store.UpdateAsync(anna with { InvitationEmail = NewAddress }, RosterTestKit.AdminA, CancellationToken.None);

        Assert.Equal(NewAddress, (await store.FindAsync("c-anna", CancellationToken.None))!.InvitationEmail);
        var audit = await _kit.AuditAsync();
        Assert.Contains(audit, entry => entry["action"]?.GetValue<string>() == "invitation-address");
        Assert.Contains(audit, entry => entry["action"]?.GetValue<string>() == "invitation-address-notice-failed" && entry["subject"]?.GetValue<string>() == "c-anna");
        var warning = Assert.Single(logs.GetSnapshot(), record => record.Id.Id == 4301);
        Assert.DoesNotContain(OldAddress, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NewAddress, warning.Message, StringComparison.Ordinal);
        Assert.Equal([OldAddress, NewAddress], SendMails().Select(mail => mail.To));
    }
}
