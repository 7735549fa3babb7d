using ConfidantBot.Privacy.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ConfidantBot.Tests.Privacy;

public sealed class PrivacyLoggingTests
{
    [Fact]
    public void Classified_identifiers_are_erased_from_log_output_and_the_rest_is_kept()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddPrivacyLogging();
        builder.Services.AddFakeLogging();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ConfidantBot.Test");
        var collector = host.Services.GetFakeLogCollector();

        PrivacyLog.KeysUnavailable(logger, Canaries.ConversationId);
        PrivacyLog.ForgetMeCompleted(logger, Canaries.UserId, 3);

        var records = collector.GetSnapshot();
        Assert.Equal(2, records.Count);
        foreach (var record in records)
        {
            var everything = record.Message + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? []);
            Assert.DoesNotContain(Canaries.ConversationId, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(Canaries.UserId, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("CANARY", everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.StartsWith("Keys unavailable while serving conversation", records[0].Message, StringComparison.Ordinal);
        Assert.Equal("", records[0].GetStructuredStateValue("ConversationId")); // erased by the redactor, not dropped
        Assert.Contains("removed 3 routing records", records[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classified_identifiers_stay_out_even_where_privacy_logging_was_not_added()
    {
        // The redaction-aware source generator keeps classified values away from loggers that
        // cannot redact, so a host that forgot AddPrivacyLogging still does not leak them.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddFakeLogging();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ConfidantBot.Test");

        PrivacyLog.ForgetMeCompleted(logger, Canaries.UserId, 3);

        var record = host.Services.GetFakeLogCollector().LatestRecord;
        Assert.DoesNotContain(Canaries.UserId, record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(record.StructuredState!, kv => kv.Value?.Contains("CANARY", StringComparison.Ordinal) == true);
        Assert.Contains("removed 3 routing records", record.Message, StringComparison.Ordinal);
    }
}
