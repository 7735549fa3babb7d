using System.Diagnostics;
using RequestFailedException = Azure.RequestFailedException;
using Azure.Security.KeyVault.Secrets;
using ConfidantBot.Booking;
using ConfidantBot.Booking.Availability;
using ConfidantBot.Booking.Calendar;
using ConfidantBot.Operations;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using NodaTime;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace ConfidantBot.Tests.Operations;

/// <summary>
/// The Graph and Key Vault spans and metrics an operator sees: named by host and operation, counted by
/// operation, and free of the mailbox, event ids and secret versions that the real requests carry.
/// </summary>
public sealed class DependencyTelemetryTests : IDisposable
{
    private const string Mailbox = "vertrouwelijk@gemeente.example";
    private const string EventId = "AAMkAGCANARYevent42";
    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [LocalPorts.AnyPortUrl] });
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddSingleton(TimeProvider.System).AddSingleton<ConfidantBotMetrics>().BuildServiceProvider();
    private readonly SpanRecorder _spans = new();

    private ConfidantBotMetrics Metrics => _services.GetRequiredService<ConfidantBotMetrics>();

    public void Dispose()
    {
        _spans.Dispose();
        _services.Dispose();
        _graph.Stop();
    }

    [Fact]
    public async Task Graph_calls_are_spans_of_host_and_operation_and_failures_are_counted_by_operation()
    {
        using var calls = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ConfidantBotMetrics.MeterName, "confidantbot.graph.calls");
        using var errors = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ConfidantBotMetrics.MeterName, "confidantbot.graph.errors");
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody($$"""{"id":"{{EventId}}"}"""));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{Mailbox}/events/{EventId}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json").WithBody("""{"error":{"code":"ErrorAccessDenied","message":"Access is denied."}}"""));
        var options = Options.Create(new GraphCalendarOptions { ServiceMailbox = Mailbox, BaseUrl = _graph.Url + "/v1.0" });
        var provider = new GraphCalendarProvider(
            GraphClients.Create(new FakeTokenCredential(), options.Value.BaseUrl), options,
            new SlotFinder(Options.Create(new AvailabilityOptions()), new DutchHolidays()), NullLogger<GraphCalendarProvider>.Instance, Metrics);

        using (_spans.Scope())
        {
            var created = await provider.CreateEventAsync(
                new BookingInvitation("bk-1", "K7M-4QX", "Merel", "confidant@extern.example", Instant.FromUtc(2027, 4, 5, 7, 0), Instant.FromUtc(2027, 4, 5, 7, 45), MeetingMode.Online, null, null),
                CancellationToken.None);
            await Assert.ThrowsAsync<CalendarAccessDeniedException>(() => provider.GetResponseAsync(created.EventId, CancellationToken.None));
        }

        var spans = _spans.Recorded;
        Assert.Equal(["Graph create event", "Graph read event"], spans.Select(span => span.DisplayName));
        Assert.Equal($"https://{new Uri(_graph.Url!).Host}/create-event", spans[0].GetTagItem("url.full"));
        Assert.Equal(ActivityStatusCode.Unset, spans[0].Status);
        Assert.Equal(403, spans[1].GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, spans[1].Status);
        Assert.All(spans, span => Assert.Equal(ActivityKind.Client, span.Kind));
        foreach (var text in spans.SelectMany(span => span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}").Append(span.DisplayName)))
        {
            Assert.DoesNotContain(Mailbox, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(EventId, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(["create event", "read event"], calls.GetMeasurementSnapshot().Select(m => (string?)m.Tags["graph.operation"]));
        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal("read event", error.Tags["graph.operation"]);
        Assert.Equal("denied", error.Tags["error.kind"]);
    }

    [Fact]
    public async Task A_Key_Vault_fetch_that_fails_is_counted_by_key_and_its_span_names_the_vault_host_only()
    {
        using var failures = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ConfidantBotMetrics.MeterName, "confidantbot.keyvault.failures");
        var vault = new Mock<SecretClient>(MockBehavior.Strict);
        vault.SetupGet(c => c.VaultUri).Returns(new Uri("https://kv-confidantbot.vault.azure.net/"));
        vault.Setup(c => c.GetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<SecretContentType?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(403, "Forbidden"));
        var keys = new KeyVaultKeyProvider(vault.Object, Options.Create(new KeyVaultOptions { VaultUri = new Uri("https://kv-confidantbot.vault.azure.net/") }), TimeProvider.System, NullLogger<KeyVaultKeyProvider>.Instance, Metrics);

        using (_spans.Scope())
        {
            await Assert.ThrowsAsync<KeyUnavailableException>(() => keys.GetHmacKeyAsync().AsTask());
        }

        Assert.Equal("hmac", Assert.Single(failures.GetMeasurementSnapshot()).Tags["key"]);
        var span = Assert.Single(_spans.Recorded);
        Assert.Equal("Key Vault get hmac key", span.DisplayName);
        Assert.Equal("kv-confidantbot.vault.azure.net", span.GetTagItem("server.address"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    /// <summary>Records the app's spans that belong to one test's trace (other tests run in parallel).</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private static readonly ActivitySource TestSource = new("ConfidantBot.Tests.Operations");
        private readonly ActivityListener _listener;
        private readonly List<Activity> _recorded = [];
        private ActivityTraceId _trace;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is AppActivities.SourceName or "ConfidantBot.Tests.Operations",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.Source.Name == AppActivities.SourceName && activity.TraceId == _trace)
                    {
                        lock (_recorded)
                        {
                            _recorded.Add(activity);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Recorded
        {
            get
            {
                lock (_recorded)
                {
                    return [.. _recorded];
                }
            }
        }

        public Activity Scope()
        {
            var scope = TestSource.StartActivity("test")!;
            _trace = scope.TraceId;
            return scope;
        }

        public void Dispose() => _listener.Dispose();
    }
}
