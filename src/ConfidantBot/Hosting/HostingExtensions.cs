using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConfidantBot.Hosting;

public static class HostingExtensions
{
    private const string LocalUrl = "http://localhost:3978";

    /// <summary>
    /// Validates the configuration (refusing to start with a message that names each setting to
    /// fix), binds the host options, and keeps local mode on loopback.
    /// </summary>
    public static WebApplicationBuilder AddBotHost(this WebApplicationBuilder builder)
    {
        var listenUrls = ConfiguredUrls(builder.Configuration);
        var problems = StartupChecks.Find(builder.Configuration, builder.Environment, listenUrls);
        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(problems);
        }

        var bot = builder.Configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        if (bot.IsLocalMode && listenUrls.Count == 0)
        {
            builder.WebHost.UseUrls(LocalUrl);
        }

        builder.Services.AddOptions<BotOptions>().BindConfiguration(BotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BotHostOptions>().BindConfiguration("BotHost");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }

    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        app.MapPost("/api/messages", (HttpContext context, [FromServices] CloudAdapter adapter, [FromServices] IBot bot, CancellationToken cancellationToken)
            => adapter.ProcessAsync(context, bot, cancellationToken));
        return app;
    }

    /// <summary>Resolves the data folder against the content root, so `dotnet run` keeps it beside the project.</summary>
    public static string ResolveDataDirectory(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{BotOptions.SectionName}:{nameof(BotOptions.DataDirectory)}"] ?? "data";
        return Path.GetFullPath(configured, builder.Environment.ContentRootPath);
    }

    private static List<string> ConfiguredUrls(IConfiguration configuration)
    {
        var urls = new List<string>();
        foreach (var key in new[] { "urls", "ASPNETCORE_URLS", "http_ports", "https_ports" })
        {
            if (configuration[key] is { Length: > 0 } value)
            {
                urls.AddRange(key.EndsWith("ports", StringComparison.Ordinal)
                    ? value.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(port => $"http://*:{port}")
                    : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                urls.Add(url);
            }
        }

        return urls;
    }

    private sealed class StorageHealthCheck(IStorage storage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await storage.IsHealthyAsync(cancellationToken).ConfigureAwait(false)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("The store did not answer.");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The store is unreachable: " + exception.GetType().Name);
            }
        }
    }
}
