using System.Net.Http.Headers;
using ConfidantBot.BotFramework.Connector;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.BotFramework.Tests.Connector;

public sealed class RetryAfterTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Seconds_form_is_used_as_is() =>
        Assert.Equal(TimeSpan.FromSeconds(7), ConnectorResilience.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Clock));

    [Fact]
    public void Http_date_form_waits_until_that_moment_on_the_clock() =>
        Assert.Equal(
            TimeSpan.FromSeconds(12),
            ConnectorResilience.RetryAfter(RetryConditionHeaderValue.Parse("Thu, 15 Jan 2026 09:00:12 GMT"), Clock));

    [Fact]
    public void A_date_in_the_past_means_retry_now() =>
        Assert.Equal(TimeSpan.Zero, ConnectorResilience.RetryAfter(RetryConditionHeaderValue.Parse("Thu, 15 Jan 2026 08:59:00 GMT"), Clock));

    [Fact]
    public void No_header_leaves_the_back_off_to_the_retry_strategy() =>
        Assert.Null(ConnectorResilience.RetryAfter(null, Clock));
}
