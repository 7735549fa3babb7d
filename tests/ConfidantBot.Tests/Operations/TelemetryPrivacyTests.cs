using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ConfidantBot.BotFramework.Tests.Storage;
using ConfidantBot.Operations;
using ConfidantBot.Tests.Hosting;
using ConfidantBot.Tests.Infrastructure;
using ConfidantBot.Tests.Privacy;
using ConfidantBot.Tests.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ConfidantBot.Tests.Operations;

/// <summary>
/// What the host would send to Application Insights, captured by in-memory exporters next to the Azure Monitor
/// exporter (whose connection string points at a closed port on 127.0.0.1: nothing leaves the machine). The
/// canary conversation (<see cref="ConversationCanaryTests.RunScriptAsync"/>: the route guide with typed stories,
/// an anonymous booking with a pseudonym and a phone number) runs against the real host on Azure Table Storage
/// (Azurite), so requests, Bot Connector calls and Table Storage calls all produce spans.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed partial class TelemetryPrivacyTests(AzuriteFixture azurite)
{
    /// <summary>An ingestion endpoint nobody listens on: the exporter's posts fail on this machine.</summary>
    internal const string LoopbackConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";

    [Fact]
    public async Task No_span_log_or_metric_of_the_canary_conversation_holds_a_canary_an_id_a_name_or_an_address()
    {
        await using var connector = await FakeConnector.StartAsync();
        var conversationId = "a:CANARYconv" + Guid.NewGuid().ToString("N");
        var capture = new Captured();
        var settings = ConversationCanaryTests.Settings(
            new Dictionary<string, string?>
            {
                [TelemetryExtensions.ConnectionStringSetting] = LoopbackConnectionString,
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:TableName"] = AzuriteFixture.NewTableName("telemetry"),
            },
            dataDirectory: null) with
        {
            ConfigureServices = capture.Register,
        };

        await using (var host = new BotHostFactory(settings))
        {
            await ConversationCanaryTests.RunScriptAsync(host, connector, conversationId);
            capture.Flush(host.Services);
        }

        var forbidden = ConversationCanaryTests.Forbidden
            .Concat([conversationId, Uri.EscapeDataString(conversationId), conversationId["a:".Length..], Canaries.TenantId])
            .ToList();
        var exported = capture.Texts();
        foreach (var text in exported)
        {
            foreach (var canary in forbidden)
            {
                Assert.False(text.Contains(canary, StringComparison.OrdinalIgnoreCase), $"telemetry holds '{canary}': {text}");
            }

            Assert.False(EmailAddress().IsMatch(text), "telemetry holds an e-mail address: " + text);
        }

        // What an operator needs did arrive: the requests, the calls out, the logs and our metrics.
        Assert.Contains(capture.ExportedSpans, span => span.Kind == ActivityKind.Server && (string?)span.GetTagItem("http.route") == "/api/messages");
        Assert.Contains(capture.ExportedSpans, span => span.DisplayName.StartsWith("Bot Connector ", StringComparison.Ordinal));
        Assert.Contains(capture.ExportedSpans, span => span.DisplayName == "Table Storage write");
        Assert.All(capture.ExportedSpans.Where(span => span.Kind == ActivityKind.Client), span =>
            Assert.Matches(@"^https://[^/]+/[a-z-]+$", (string?)span.GetTagItem("url.full") ?? "(no url.full)"));
        Assert.Contains(capture.ExportedMetrics, metric => metric.Name == "confidantbot.turns");
        Assert.Contains(capture.ExportedMetrics, metric => metric.Name == "confidantbot.bookings.created");
        Assert.Contains(capture.ExportedMetrics, metric => metric.Name == "confidantbot.relay.lag");
        Assert.Contains(capture.ExportedMetrics, metric => metric.Name == "confidantbot.outbox.backlog");
        Assert.NotEmpty(capture.Logs);
    }

    [Fact]
    public async Task Without_a_connection_string_no_exporter_or_telemetry_provider_is_registered()
    {
        await using var host = new BotHostFactory().Start();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.Null(host.Services.GetService<LoggerProvider>());
        Assert.DoesNotContain(host.Services.GetServices<ILoggerProvider>(), provider => provider is OpenTelemetryLoggerProvider);
        Assert.NotNull(host.Services.GetService<ConfidantBotMetrics>());
    }

    [Fact]
    public async Task With_a_connection_string_traces_metrics_and_logs_are_exported()
    {
        await using var host = new BotHostFactory(new BotHostSettings
        {
            Settings = new Dictionary<string, string?> { [TelemetryExtensions.ConnectionStringSetting] = LoopbackConnectionString },
        }).Start();

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.Contains(host.Services.GetServices<ILoggerProvider>(), provider => provider is OpenTelemetryLoggerProvider);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")]
    private static partial Regex EmailAddress();

    /// <summary>In-memory exporters for the three signals, added after the app's own telemetry registration.</summary>
    private sealed class Captured
    {
        private readonly List<string> logs = [];

        public List<Activity> Spans { get; } = [];

        public List<MetricSnapshot> Metrics { get; } = [];

        public IReadOnlyList<string> Logs => logs;

        public IReadOnlyList<Activity> ExportedSpans => Snapshot(Spans);

        public IReadOnlyList<MetricSnapshot> ExportedMetrics => Snapshot(Metrics);

        public void Register(IServiceCollection services)
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
            // Log records are pooled and reused after export: each is written down as text when it is exported.
            services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(new TextLogExporter(logs))));
        }

        public void Flush(IServiceProvider services)
        {
            // The results also report the Azure Monitor exporter's failed posts to the closed port: not asserted.
            // The processors flush in order and share one timeout: the Azure Monitor exporter, registered first, may use
            // most of it on a loaded machine before the in-memory exporters get their turn, so the timeout is generous.
            var timeout = (int)Patience.Default.TotalMilliseconds;
            services.GetRequiredService<TracerProvider>().ForceFlush(timeout);
            services.GetRequiredService<MeterProvider>().ForceFlush(timeout);
            services.GetRequiredService<LoggerProvider>().ForceFlush(timeout);
        }

        /// <summary>Every exported string: names, attribute keys and values, events, links, metric points' tags.</summary>
        public IEnumerable<string> Texts()
        {
            foreach (var span in Snapshot(Spans))
            {
                var text = new StringBuilder($"span {span.Source.Name} {span.OperationName} {span.DisplayName} {span.StatusDescription}");
                foreach (var tag in span.TagObjects)
                {
                    text.Append($" {tag.Key}={tag.Value}");
                }

                foreach (var spanEvent in span.Events)
                {
                    text.Append($" event {spanEvent.Name}");
                    foreach (var tag in spanEvent.Tags)
                    {
                        text.Append($" {tag.Key}={tag.Value}");
                    }
                }

                foreach (var item in span.Baggage)
                {
                    text.Append($" baggage {item.Key}={item.Value}");
                }

                yield return text.ToString();
            }

            foreach (var metric in Snapshot(Metrics))
            {
                var text = new StringBuilder($"metric {metric.MeterName} {metric.Name} {metric.Description} {metric.Unit}");
                foreach (var point in metric.MetricPoints)
                {
                    foreach (var tag in point.Tags)
                    {
                        text.Append($" {tag.Key}={tag.Value}");
                    }
                }

                yield return text.ToString();
            }

            string[] logTexts;
            lock (logs)
            {
                logTexts = [.. logs];
            }

            foreach (var log in logTexts)
            {
                yield return log;
            }
        }

        /// <summary>
        /// A copy to read from: the exporters may still add to their list after the host stopped
        /// (the periodic metric reader's last collection), and they add without a lock.
        /// </summary>
        private static T[] Snapshot<T>(List<T> exported)
            where T : class
        {
            while (true)
            {
                try
                {
                    return [.. exported.ToArray().Where(item => item is not null)];
                }
                catch (ArgumentException)
                {
                    // The list grew while it was copied; copy again.
                }
            }
        }
    }

    private sealed class TextLogExporter(List<string> texts) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var text = new StringBuilder($"log {record.CategoryName} {record.EventId} {record.LogLevel} {record.Body} {record.FormattedMessage} {record.Exception}");
                foreach (var attribute in record.Attributes ?? [])
                {
                    text.Append($" {attribute.Key}={attribute.Value}");
                }

                lock (texts)
                {
                    texts.Add(text.ToString());
                }
            }

            return ExportResult.Success;
        }
    }
}
