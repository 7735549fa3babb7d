using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Calendar;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// The confidant page's endpoints on the real host: the local calendar's requests as a confidant
/// reads them, and the confidant's answers written back to the calendar (where the bot's relay finds them).
/// </summary>
public sealed class LocalConfidantPageTests
{
    private static Task<LocalChannelHost> StartWithCalendarAsync()
        => LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { Services = LocalCalendarForTests.AddIfMissing });

    [Fact]
    public async Task The_list_shows_a_request_exactly_as_the_confidant_reads_it()
    {
        await using var host = await StartWithCalendarAsync();
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation(mode: MeetingMode.PhoneConfidantCalls, phoneNumber: "06 12345678"));
        using var client = host.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("local/confidant/requests");

        Assert.True(list.GetProperty("calendarConfigured").GetBoolean());
        Assert.Equal("Europe/Amsterdam", list.GetProperty("timeZone").GetString());
        var request = Assert.Single(list.GetProperty("requests").EnumerateArray());
        Assert.Equal("booking-1", request.GetProperty("eventId").GetString());
        Assert.Equal("Vertrouwelijk gesprek VP-BOOKING-1", request.GetProperty("subject").GetString());
        Assert.Equal("VP-BOOKING-1", request.GetProperty("referenceCode").GetString());
        Assert.Equal("Zilvermeeuw", request.GetProperty("pseudonym").GetString());
        Assert.Equal("extern@vertrouwenspersonen.example", request.GetProperty("confidantEmail").GetString());
        // 09:00 UTC is 10:00 in Amsterdam in winter.
        Assert.Equal("dinsdag 1 december 2026 om 10:00", request.GetProperty("time").GetProperty("nl").GetString());
        Assert.Equal("Tuesday 1 December 2026 at 10:00", request.GetProperty("time").GetProperty("en").GetString());
        Assert.Equal("2026-12-01T10:00", request.GetProperty("localStart").GetString());
        Assert.Equal(60, request.GetProperty("durationMinutes").GetInt32());
        Assert.Equal("phoneConfidantCalls", request.GetProperty("mode").GetString());
        Assert.Equal("06 12345678", request.GetProperty("phoneNumberToCall").GetString());
        // Nothing more than the invitation holds: no topic, no audience, no free text.
        Assert.Equal(
            ["answer", "cancelled", "confidantEmail", "durationMinutes", "eventId", "localStart", "mode", "phoneNumberToCall", "proposedTime", "pseudonym", "referenceCode", "remindersSent", "startUtc", "subject", "time"],
            request.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
        Assert.Equal("none", request.GetProperty("answer").GetString());
        Assert.False(request.GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task The_page_tells_the_poll_interval_the_relay_uses()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions
        {
            Settings = new Dictionary<string, string?> { ["Booking:AnswerPollInterval"] = "00:00:07" },
            Services = LocalCalendarForTests.AddIfMissing,
        });
        using var client = host.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("local/confidant/requests");

        Assert.Equal(7, list.GetProperty("pollIntervalSeconds").GetInt32());
    }

    [Theory]
    [InlineData("accepted", AttendeeAnswer.Accepted)]
    [InlineData("declined", AttendeeAnswer.Declined)]
    public async Task Accepting_or_declining_updates_the_event(string answer, AttendeeAnswer expected)
    {
        await using var host = await StartWithCalendarAsync();
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("local/confidant/requests/booking-1/answer", new { answer });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answer, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answer").GetString());
        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        var stored = await calendar.GetResponseAsync("booking-1", CancellationToken.None);
        Assert.Equal(expected, stored.Answer);
        Assert.Null(stored.ProposedStart);
    }

    [Fact]
    public async Task Proposing_a_new_time_stores_it_in_Amsterdam_time_with_the_same_length()
    {
        await using var host = await StartWithCalendarAsync();
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        using var client = host.CreateClient();
        var amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
        var proposed = SystemClock.Instance.GetCurrentInstant().InZone(amsterdam).Date.PlusDays(10).At(new LocalTime(14, 30));
        var expectedStart = proposed.InZoneStrictly(amsterdam).ToInstant();

        using var response = await client.PostAsJsonAsync("local/confidant/requests/booking-1/answer", new { answer = "newTimeProposed", proposedStart = proposed.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(proposed.ToString("dddd d MMMM yyyy 'om' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("nl-NL")), shown.GetProperty("proposedTime").GetProperty("nl").GetString());
        var stored = await host.Services.GetRequiredService<LocalCalendarProvider>().GetResponseAsync("booking-1", CancellationToken.None);
        Assert.Equal(AttendeeAnswer.NewTimeProposed, stored.Answer);
        Assert.Equal(expectedStart, stored.ProposedStart);
        Assert.Equal(expectedStart + Duration.FromHours(1), stored.ProposedEnd);
    }

    [Theory]
    [InlineData(-24 * 60, "proposed-time-past")]
    [InlineData(-1, "proposed-time-past")]
    [InlineData(60, "proposed-time-too-soon")]
    [InlineData(3 * 60 + 45, "proposed-time-too-soon")]
    public async Task A_proposal_in_the_past_or_sooner_than_the_lead_time_is_refused_with_its_reason_and_changes_nothing(int minutesFromNow, string problem)
    {
        await using var host = await StartWithCalendarAsync();
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        using var client = host.CreateClient();
        var amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
        var proposed = SystemClock.Instance.GetCurrentInstant().Plus(Duration.FromMinutes(minutesFromNow)).InZone(amsterdam).LocalDateTime;

        using var response = await client.PostAsJsonAsync("local/confidant/requests/booking-1/answer", new { answer = "newTimeProposed", proposedStart = proposed.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(problem, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var stored = await host.Services.GetRequiredService<LocalCalendarProvider>().GetResponseAsync("booking-1", CancellationToken.None);
        Assert.Equal(AttendeeAnswer.None, stored.Answer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("morgen om twee uur")]
    [InlineData("2026-13-02T14:30")]
    public async Task A_proposal_without_a_valid_time_is_refused_and_changes_nothing(string? proposedStart)
    {
        await using var host = await StartWithCalendarAsync();
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("local/confidant/requests/booking-1/answer", new { answer = "newTimeProposed", proposedStart });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad-proposed-time", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var stored = await host.Services.GetRequiredService<LocalCalendarProvider>().GetResponseAsync("booking-1", CancellationToken.None);
        Assert.Equal(AttendeeAnswer.None, stored.Answer);
    }

    [Theory]
    [InlineData("""{"answer":"maybe"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"answer":""")]
    [InlineData("""null""")]
    public async Task A_bad_answer_body_gets_a_clear_400(string body)
    {
        await using var host = await StartWithCalendarAsync();
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        using var client = host.CreateClient();

        using var response = await client.PostAsync("local/confidant/requests/booking-1/answer", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bad-request", problem.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Answering_an_unknown_request_is_404()
    {
        await using var host = await StartWithCalendarAsync();
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("local/confidant/requests/no-such-event/answer", new { answer = "accepted" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown-request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Null(await host.Services.GetRequiredService<LocalCalendarProvider>().FindAsync("no-such-event", CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_request_shows_as_cancelled_and_can_no_longer_be_answered()
    {
        await using var host = await StartWithCalendarAsync();
        await LocalCalendarForTests.CreateAsync(host, LocalCalendarForTests.Invitation());
        var calendar = host.Services.GetRequiredService<LocalCalendarProvider>();
        await calendar.CancelEventAsync("booking-1", CancellationToken.None);
        using var client = host.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("local/confidant/requests");
        using var response = await client.PostAsJsonAsync("local/confidant/requests/booking-1/answer", new { answer = "accepted" });

        Assert.True(Assert.Single(list.GetProperty("requests").EnumerateArray()).GetProperty("cancelled").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("request-cancelled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(AttendeeAnswer.None, (await calendar.GetResponseAsync("booking-1", CancellationToken.None)).Answer);
    }

    [Fact]
    public async Task Without_a_local_calendar_the_page_says_so_instead_of_failing()
    {
        await using var host = await LocalChannelHost.StartAsync(new LocalChannelHost.HostOptions { Services = LocalCalendarForTests.Remove });
        using var client = host.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("local/confidant/requests");
        using var answer = await client.PostAsJsonAsync("local/confidant/requests/booking-1/answer", new { answer = "accepted" });

        Assert.False(list.GetProperty("calendarConfigured").GetBoolean());
        Assert.Empty(list.GetProperty("requests").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("no-calendar", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_confidant_page_is_served_and_answers_only_a_loopback_host_name()
    {
        await using var host = await StartWithCalendarAsync();
        using var client = host.CreateClient();

        using var page = await client.GetAsync("/confidant");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/confidant.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await client.GetAsync("/confidant.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        // A web page that re-points its own DNS name at 127.0.0.1 must not be able to answer for the confidant.
        using var rebound = new HttpRequestMessage(HttpMethod.Post, "local/confidant/requests/booking-1/answer") { Content = JsonContent.Create(new { answer = "accepted" }) };
        rebound.Headers.Host = "attacker.example";
        using var refused = await client.SendAsync(rebound);
        using var listing = new HttpRequestMessage(HttpMethod.Get, "local/confidant/requests");
        listing.Headers.Host = "attacker.example";
        using var refusedList = await client.SendAsync(listing);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedList.StatusCode);
    }
}
