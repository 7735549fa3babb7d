using System.Text.Json;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Availability;
using NodaTime;

namespace ConfidantBot.Tests.Booking;

/// <summary>Stored booking times keep their ISO form, so records written by earlier versions still read.</summary>
public sealed class NodaJsonTests
{
    [Theory]
    [InlineData("2026-12-01T09:00:00Z", 2026, 12, 1, 9, 0, 0)]
    [InlineData("2027-03-28T01:30:00.25Z", 2027, 3, 28, 1, 30, 250)]
    public void An_instant_is_stored_as_an_ISO_string_and_read_back(string stored, int year, int month, int day, int hour, int minute, int milliseconds)
    {
        var instant = Instant.FromUtc(year, month, day, hour, minute).Plus(Duration.FromMilliseconds(milliseconds));
        var range = new TimeRange(instant, instant + Duration.FromMinutes(45));

        var json = JsonSerializer.Serialize(range, NodaJson.Options);

        Assert.Contains($"\"{stored}\"", json, StringComparison.Ordinal);
        Assert.Equal(range, JsonSerializer.Deserialize<TimeRange>(json, NodaJson.Options));
    }

    [Fact]
    public void A_missing_optional_instant_stays_null()
    {
        var json = """{"proposedStart":null}""";

        var probe = JsonSerializer.Deserialize<OptionalInstant>(json, NodaJson.Options)!;

        Assert.Null(probe.ProposedStart);
    }

    [Theory]
    [InlineData("""{"start":"1 december","end":"2026-12-01T09:00:00Z"}""")]
    [InlineData("""{"start":12345,"end":"2026-12-01T09:00:00Z"}""")]
    public void A_damaged_stored_time_is_refused_as_bad_JSON_not_misread(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TimeRange>(json, NodaJson.Options));
    }

    private sealed record OptionalInstant(Instant? ProposedStart);
}
