using ConfidantBot.Roster;

namespace ConfidantBot.Tests.Roster;

public sealed class ConsultationHoursFormatTests
{
    [Theory]
    [InlineData("ma 09:00-12:00", "ma 09:00-12:00")]
    [InlineData("ma 09:00-12:00; wo 13:00-17:00", "ma 09:00-12:00; wo 13:00-17:00")]
    [InlineData("maandag 9:00 - 12:00, woensdag 13:00-17:00", "ma 09:00-12:00; wo 13:00-17:00")]
    [InlineData("Mon 09:00-12:00; Thu. 14:00-16:30", "ma 09:00-12:00; do 14:00-16:30")]
    [InlineData("di 9.00–12.00 uur", "di 09:00-12:00")]
    [InlineData("VR 08:30-10:00\nzaterdag 10:00-11:00", "vr 08:30-10:00; za 10:00-11:00")]
    [InlineData("sunday 10:00-11:00", "zo 10:00-11:00")]
    public void Accepted_forms_parse_and_format_in_Dutch(string typed, string formatted)
    {
        Assert.True(ConsultationHoursFormat.TryParse(typed, out var hours));
        Assert.Equal(formatted, ConsultationHoursFormat.Format(hours));
        Assert.True(ConsultationHoursFormat.TryParse(formatted, out var again));
        Assert.Equal(hours, again);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("maandagochtend")]
    [InlineData("ma 12:00-09:00")]
    [InlineData("ma 09:00-09:00")]
    [InlineData("ma 25:00-26:00")]
    [InlineData("ma 09:60-10:00")]
    [InlineData("maart 09:00-10:00")]
    [InlineData("xx 09:00-10:00")]
    [InlineData("ma 09:00-12:00; 13:00-17:00")]
    [InlineData("ma 9-12")]
    public void Anything_else_is_refused_as_a_whole(string? typed)
    {
        Assert.False(ConsultationHoursFormat.TryParse(typed, out var hours));
        Assert.Empty(hours);
    }

    [Fact]
    public void The_parsed_blocks_are_days_and_local_times()
    {
        Assert.True(ConsultationHoursFormat.TryParse("wo 13:00-17:30", out var hours));
        Assert.Equal([new ConsultationHours(DayOfWeek.Wednesday, new TimeOnly(13, 0), new TimeOnly(17, 30))], hours);
    }

    [Theory]
    [InlineData("ma 09:00-12:00; ma 11:00-13:00", true)]
    [InlineData("ma 09:00-12:00; ma 12:00-13:00", false)]
    [InlineData("ma 09:00-12:00; di 09:00-12:00", false)]
    public void Overlap_is_detected_per_day(string typed, bool overlaps)
    {
        Assert.True(ConsultationHoursFormat.TryParse(typed, out var hours));
        Assert.Equal(overlaps, ConsultationHoursFormat.Overlap(hours));
    }
}
