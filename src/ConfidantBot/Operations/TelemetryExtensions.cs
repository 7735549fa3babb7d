using System.Runtime.CompilerServices;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using ConfidantBot.BotFramework.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConfidantBot.Operations;

public static class TelemetryExtensions
{
    /// <summary>The setting App Service gets from infra/modules/appservice.bicep; nothing is sent without it.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private const string StatsbeatSwitch = "APPLICATIONINSIGHTS_STATSBEAT_DISABLED";

    /// <summary>
    /// The bot's own metrics (always: with nobody listening they cost a flag check), and, only when
    /// <see cref="ConnectionStringSetting"/> is set, OpenTelemetry with the Azure Monitor exporter: request spans,
    /// the dependency spans of Graph, Key Vault, Table Storage and the Bot Connector, the redacted logs and the
    /// metrics — each span and log scrubbed by <see cref="TelemetryScrubber"/> before it is exported.
    /// </summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ConfidantBotMetrics>();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: [ReadinessCheck.Tag]);

        if (builder.Configuration[ConnectionStringSetting] is { Length: > 0 } connectionString)
        {
            AddOpenTelemetry(builder, connectionString);
        }

        return builder;
    }

    /// <summary>
    /// <c>/healthz</c> is liveness: the process answers, nothing else is asked (the platform and the availability
    /// test call it often). <c>/healthz/ready</c> is readiness: the store, the keys and, outside local mode, a Graph
    /// token (App Service's health check path, which takes an instance out of rotation). Both answer only
    /// Healthy or Unhealthy.
    /// </summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready");
        return app;
    }

    // Not inlined: a host without a connection string never JIT-compiles this method, so it never loads the
    // OpenTelemetry and Azure Monitor assemblies (docs/performance.md, idle memory).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOpenTelemetry(WebApplicationBuilder builder, string connectionString)
    {
        // Only the ingestion endpoint of the connection string: no Statsbeat (the exporter's reports about itself
        // to a Microsoft endpoint; only this variable turns it off) and no Live Metrics stream (it would carry
        // request data past the scrubber).
        if (Environment.GetEnvironmentVariable(StatsbeatSwitch) is null)
        {
            Environment.SetEnvironmentVariable(StatsbeatSwitch, "true");
        }

        void Exporter(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = connectionString;
            options.EnableLiveMetrics = false;
            options.EnablePerformanceCounters = false;

            // Every trace: since exporter 1.6 the default is a rate-limited sampler (5 traces per second), which
            // drops the first requests after a start and could drop the one failed turn an operator must see.
            // A municipality's confidant bot has a few turns a minute, so nothing needs sampling away.
            options.SamplingRatio = 1.0F;
            options.TracesPerSecond = null;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ConfidantBot"))
            .WithTracing(tracing => tracing
                .AddSource(AppActivities.SourceName, DependencyActivity.SourceName)
                .AddAspNetCoreInstrumentation(options =>
                {
                    // The platform's liveness and readiness probes (every minute per instance) are not requests of people.
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal);
                    options.RecordException = false;
                })
                .AddProcessor(new TelemetryScrubber.SpanScrubber())
                .AddAzureMonitorTraceExporter(Exporter))
            .WithMetrics(metrics => metrics
                .AddMeter(ConfidantBotMetrics.MeterName)
                .AddAzureMonitorMetricExporter(Exporter))
            .WithLogging(
                logging => logging
                    .AddProcessor(new TelemetryScrubber.LogScrubber())
                    .AddAzureMonitorLogExporter(Exporter),
                options =>
                {
                    // Log lines go through the host's redaction (Privacy/Logging) before any provider sees them.
                    options.IncludeScopes = false;
                    options.IncludeFormattedMessage = true;
                });
    }
}
