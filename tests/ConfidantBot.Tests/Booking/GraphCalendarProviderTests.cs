using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using NodaTime;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Booking;

/// <summary>The real Microsoft Graph SDK against a fake Graph on 127.0.0.1.</summary>
public sealed class GraphCalendarProviderTests : IDisposable
{
    private const string Mailbox = "vertrouwelijk@gemeente.example";
    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });
    private readonly FakeLogCollector _logs = new();
    private readonly GraphCalendarProvider _provider;

    public GraphCalendarProviderTests()
    {
        var options = Options.Create(new GraphCalendarOptions { ServiceMailbox = Mailbox, BaseUrl = _graph.Url + "/v1.0" });
        var client = GraphClients.Create(new FakeTokenCredential(), options.Value.BaseUrl);
        var logger = new FakeLogger<GraphCalendarProvider>(_logs);
        _provider = new GraphCalendarProvider(client, options, new SlotFinder(Options.Create(new AvailabilityOptions()), new DutchHolidays()), logger);
    }

    public void Dispose() => _graph.Stop();

    private static BookingInvitation Invitation(string bookingId = "bk-7f3a") => new(
        bookingId,
        "K7M-4QX",
        "Merel",
        "confidant@extern.example",
        Instant.FromUtc(2027, 4, 5, 7, 0),
        Instant.FromUtc(2027, 4, 5, 7, 45),
        MeetingMode.Online,
        null,
        null);

    private void EventCreatedResponds()
        => _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"evt-1","onlineMeeting":{"joinUrl":"https://teams.example/join/1"}}"""));

    [Fact]
    public async Task The_event_the_SDK_sends_holds_reference_and_pseudonym_and_invites_only_the_confidant()
    {
        EventCreatedResponds();

        var created = await _provider.CreateEventAsync(Invitation(), CancellationToken.None);

        Assert.Equal("evt-1", created.EventId);
        Assert.Equal("https://teams.example/join/1", created.JoinUrl);
        var sent = JsonDocument.Parse(Assert.Single(_graph.LogEntries).RequestMessage!.Body!).RootElement;
        Assert.Equal("Vertrouwelijk gesprek K7M-4QX", sent.GetProperty("subject").GetString());
        Assert.Equal("private", sent.GetProperty("sensitivity").GetString());
        Assert.Equal("bk-7f3a", sent.GetProperty("transactionId").GetString());
        Assert.True(sent.GetProperty("isOnlineMeeting").GetBoolean());
        var attendee = Assert.Single(sent.GetProperty("attendees").EnumerateArray());
        Assert.Equal("confidant@extern.example", attendee.GetProperty("emailAddress").GetProperty("address").GetString());
        var body = sent.GetProperty("body").GetProperty("content").GetString()!;
        Assert.Contains("K7M-4QX", body);
        Assert.Contains("Merel", body);
        Assert.Contains("maandag 5 april 2027 om 09:00", body);
    }

    /// <summary>
    /// The whole event as Graph receives it, body included: it lies in the service mailbox too, so
    /// a topic, an audience or any other field that reappears makes this fail.
    /// </summary>
    [Fact]
    public async Task The_event_sent_to_Graph_is_exactly_reference_pseudonym_time_and_the_number_to_call_nothing_more()
    {
        EventCreatedResponds();
        var invitation = Invitation() with { Mode = MeetingMode.PhoneConfidantCalls, PhoneNumberToCall = "06 12345678" };

        await _provider.CreateEventAsync(invitation, CancellationToken.None);

        var sent = JsonNode.Parse(Assert.Single(_graph.LogEntries).RequestMessage!.Body!)!.AsObject();
        var expected = JsonNode.Parse("""
            {
              "@odata.type": "#microsoft.graph.event",
              "subject": "Vertrouwelijk gesprek K7M-4QX",
              "body": { "contentType": "html", "content": "(below)" },
              "start": { "dateTime": "2027-04-05T07:00:00", "timeZone": "UTC" },
              "end": { "dateTime": "2027-04-05T07:45:00", "timeZone": "UTC" },
              "attendees": [ { "@odata.type": "#microsoft.graph.attendee", "type": "required", "emailAddress": { "address": "confidant@extern.example" } } ],
              "sensitivity": "private",
              "showAs": "busy",
              "isReminderOn": true,
              "responseRequested": true,
              "allowNewTimeProposals": true,
              "isOnlineMeeting": false,
              "onlineMeetingProvider": null,
              "transactionId": "bk-7f3a"
            }
            """)!;
        var content = sent["body"]!["content"]!.GetValue<string>();
        sent["body"]!["content"] = "(below)";
        Assert.True(JsonNode.DeepEquals(expected, sent), "Graph was sent:\n" + sent.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Assert.Equal(
            """
            <div style="font-family:Segoe UI,Arial,sans-serif;font-size:14px">
            <p><b>Vertrouwelijk gesprek K7M-4QX</b></p>
            <p>Iemand wil u als vertrouwenspersoon spreken. Deze persoon heeft geen naam gegeven en gebruikt een schuilnaam. Vraag niet naar de identiteit; de persoon beslist zelf wat hij of zij vertelt.</p>
            <table>
            <tr><td>Referentie</td><td><b>K7M-4QX</b></td></tr>
            <tr><td>Schuilnaam</td><td><b>Merel</b></td></tr>
            <tr><td>Tijd</td><td>maandag 5 april 2027 om 09:00 (45 minuten, Europe/Amsterdam)</td></tr>
            <tr><td>Hoe</td><td>Telefonisch: u belt 06 12345678.</td></tr>
            </table>
            <p>Antwoorden: accepteer of weiger deze uitnodiging in uw agenda, of stel een andere tijd voor. De bot geeft uw antwoord door; er gaat geen e-mail naar de persoon. Schrijf niets vertrouwelijks in uw antwoord: het komt ook in de mailbox van de gemeente die deze uitnodiging verstuurt.</p>
            <hr/>
            <p><b>Confidential talk K7M-4QX</b></p>
            <p>Someone would like to talk to you as a confidant. They gave no name and use a pseudonym. Please do not ask who they are; they decide what to share.</p>
            <table>
            <tr><td>Reference</td><td><b>K7M-4QX</b></td></tr>
            <tr><td>Pseudonym</td><td><b>Merel</b></td></tr>
            <tr><td>Time</td><td>Monday 5 April 2027 at 09:00 (45 minutes, Europe/Amsterdam)</td></tr>
            <tr><td>How</td><td>By phone: you call 06 12345678.</td></tr>
            </table>
            <p>To answer: accept or decline this invitation in your calendar, or propose another time. The bot passes your answer on; no e-mail goes to the person. Please write nothing confidential in your answer: it also reaches the municipality's mailbox that sent this invitation.</p>
            </div>

            """.ReplaceLineEndings("\n"),
            content);
    }

    /// <summary>Every other way to meet: the same four rows, and the number appears nowhere in the event.</summary>
    [Theory]
    [InlineData(MeetingMode.Online, null, "Online via de Teams-vergadering in deze uitnodiging; de persoon neemt als gast deel.", "Online through the Teams meeting in this invitation; the person joins as a guest.")]
    [InlineData(MeetingMode.PhonePersonCalls, null, "Telefonisch: de persoon belt u op uw werknummer.", "By phone: the person calls your work number.")]
    [InlineData(MeetingMode.InPerson, "Stationsplein 1, Utrecht", "Op uw kantoor: Stationsplein 1, Utrecht.", "At your office: Stationsplein 1, Utrecht.")]
    public async Task Without_the_confidant_calling_the_event_holds_no_number(MeetingMode mode, string? office, string howNl, string howEn)
    {
        EventCreatedResponds();

        await _provider.CreateEventAsync(Invitation() with { Mode = mode, OfficeAddress = office }, CancellationToken.None);

        var sent = JsonNode.Parse(Assert.Single(_graph.LogEntries).RequestMessage!.Body!)!;
        var content = sent["body"]!["content"]!.GetValue<string>();
        var rows = System.Text.RegularExpressions.Regex.Matches(content, "<tr><td>([^<]+)</td><td>(?:<b>)?([^<]*)").Select(row => $"{row.Groups[1].Value}: {row.Groups[2].Value}");
        Assert.Equal(
            ["Referentie: K7M-4QX", "Schuilnaam: Merel", "Tijd: maandag 5 april 2027 om 09:00 (45 minuten, Europe/Amsterdam)", "Hoe: " + howNl,
             "Reference: K7M-4QX", "Pseudonym: Merel", "Time: Monday 5 April 2027 at 09:00 (45 minutes, Europe/Amsterdam)", "How: " + howEn],
            rows);
        Assert.DoesNotMatch(@"\d{6,}", sent.ToJsonString());
        Assert.Equal(mode == MeetingMode.Online, sent["isOnlineMeeting"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Twenty_five_in_tenant_calendars_cost_exactly_two_getSchedule_calls()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/calendar/getSchedule").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(request =>
            {
                using var body = JsonDocument.Parse(request.Body!);
                var schedules = body.RootElement.EnumerateObject().First(p => p.NameEquals("schedules") || p.NameEquals("Schedules")).Value;
                var values = schedules.EnumerateArray().Select(id => new
                {
                    scheduleId = id.GetString(),
                    scheduleItems = new[] { new { status = "busy", start = new { dateTime = "2027-04-05T07:00:00.0000000", timeZone = "UTC" }, end = new { dateTime = "2027-04-05T08:00:00.0000000", timeZone = "UTC" } } },
                });
                return JsonSerializer.Serialize(new { value = values });
            }));
        var calendars = Enumerable.Range(1, 25).Select(i => $"confidant{i}@gemeente.example").ToList();

        var busy = await _provider.GetBusyAsync(calendars, Instant.FromUtc(2027, 3, 22, 8, 0), Instant.FromUtc(2027, 4, 12, 8, 0), CancellationToken.None);

        Assert.Equal(2, _graph.LogEntries.Count());
        Assert.Equal(25, busy.Count);
        Assert.All(busy.Values, ranges => Assert.Equal(new TimeRange(Instant.FromUtc(2027, 4, 5, 7, 0), Instant.FromUtc(2027, 4, 5, 8, 0)), Assert.Single(ranges)));
    }

    [Fact]
    public async Task A_window_longer_than_61_days_is_split()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/calendar/getSchedule").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}"""));

        await _provider.GetBusyAsync(["a@gemeente.example"], Instant.FromUtc(2027, 1, 1, 0, 0), Instant.FromUtc(2027, 4, 1, 0, 0), CancellationToken.None);

        Assert.Equal(2, _graph.LogEntries.Count());
    }

    [Fact]
    public async Task A_503_then_201_makes_one_event_and_both_requests_carry_the_same_transaction_id()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1"));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"evt-1"}"""));

        var created = await _provider.CreateEventAsync(Invitation("bk-retry"), CancellationToken.None);

        Assert.Equal("evt-1", created.EventId);
        var transactionIds = _graph.LogEntries.Select(entry => JsonDocument.Parse(entry.RequestMessage!.Body!).RootElement.GetProperty("transactionId").GetString()).ToList();
        Assert.Equal(["bk-retry", "bk-retry"], transactionIds);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_Retry_After_asks_for()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .InScenario("throttled").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .InScenario("throttled").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"evt-2"}"""));

        await _provider.CreateEventAsync(Invitation(), CancellationToken.None);

        var times = _graph.LogEntries.Select(entry => entry.RequestMessage!.DateTime).OrderBy(t => t).ToList();
        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1.9), $"retried after {(times[1] - times[0]).TotalSeconds:0.00} s; Retry-After asked for 2 s");
    }

    [Fact]
    public async Task A_403_from_a_mailbox_outside_the_RBAC_scope_is_a_configuration_error_not_a_crash()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}"""));

        var error = await Assert.ThrowsAsync<CalendarAccessDeniedException>(() => _provider.CreateEventAsync(Invitation(), CancellationToken.None));

        Assert.Contains("RBAC", error.Message);
        var logged = Assert.Single(_logs.GetSnapshot(), record => record.Level == LogLevel.Error);
        Assert.Contains("Configuration error", logged.Message);
        Assert.DoesNotContain("Merel", logged.Message);
    }

    [Theory]
    [InlineData("accepted", AttendeeAnswer.Accepted)]
    [InlineData("declined", AttendeeAnswer.Declined)]
    [InlineData("tentativelyAccepted", AttendeeAnswer.Tentative)]
    [InlineData("none", AttendeeAnswer.None)]
    public async Task The_attendees_response_is_read_from_the_event(string graphResponse, AttendeeAnswer expected)
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$$"""{"id":"evt-1","attendees":[{"type":"required","status":{"response":"{{{graphResponse}}}"},"emailAddress":{"address":"confidant@extern.example"}}]}"""));

        var response = await _provider.GetResponseAsync("evt-1", CancellationToken.None);

        Assert.Equal(expected, response.Answer);
    }

    [Fact]
    public async Task A_proposed_new_time_is_read_from_the_event()
    {
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/evt-1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"evt-1","attendees":[{"status":{"response":"tentativelyAccepted"},"proposedNewTime":{"start":{"dateTime":"2027-04-06T12:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2027-04-06T12:45:00.0000000","timeZone":"UTC"}},"emailAddress":{"address":"confidant@extern.example"}}]}"""));

        var response = await _provider.GetResponseAsync("evt-1", CancellationToken.None);

        Assert.Equal(AttendeeAnswer.NewTimeProposed, response.Answer);
        Assert.Equal(Instant.FromUtc(2027, 4, 6, 12, 0), response.ProposedStart);
    }
}
