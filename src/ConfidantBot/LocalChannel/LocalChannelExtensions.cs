using ConfidantBot.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// The local channel: a chat page on the host itself (Microsoft's Web Chat) and a channel that
/// carries its messages to <c>/api/messages</c> and the bot's replies back, as Teams would. Active
/// only in local mode (no <c>Bot:AppId</c>); in production both methods do nothing.
/// </summary>
public static partial class LocalChannelExtensions
{
    public static WebApplicationBuilder AddLocalChannel(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsLocalMode(builder.Configuration))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<LocalChannelOptions>()
            .BindConfiguration(LocalChannelOptions.SectionName)
            .Validate(options => options.MaxConversations > 0 && options.MaxActivitiesPerConversation > 0 && options.MaxBodyBytes > 0,
                "LocalChannel:MaxConversations, MaxActivitiesPerConversation and MaxBodyBytes must be positive.")
            .Validate(options => options.IdleTimeout > TimeSpan.Zero && options.BotTurnTimeout > TimeSpan.Zero && options.KeepAliveInterval > TimeSpan.Zero,
                "LocalChannel:IdleTimeout, BotTurnTimeout and KeepAliveInterval must be positive.")
            .Validate(options => Guid.TryParse(options.TenantId, out _), "LocalChannel:TenantId must be a GUID.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalConversationStore>();
        services.AddSingleton<LocalActivityFactory>();
        services.AddSingleton<LocalBotForwarder>();
        services.AddSingleton<LocalConnectorEndpoints>();
        services.AddHttpClient(LocalBotForwarder.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LocalChannelOptions>>().Value.BotTurnTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        return builder;
    }

    public static WebApplication MapLocalChannel(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!IsLocalMode(app.Configuration))
        {
            return app;
        }

        if (app.Services.GetService<LocalConversationStore>() is null)
        {
            throw new InvalidOperationException("Local mode needs builder.AddLocalChannel() before app.MapLocalChannel().");
        }

        // Every request in local mode, /api/messages included: nothing else authenticates it.
        app.UseMiddleware<LocalRequestGuard>();
        var local = app.MapGroup("");
        LocalPageFiles.Map(local);
        LocalChatEndpoints.Map(local);
        LocalConnectorEndpoints.Map(local);
        LocalConfidantEndpoints.Map(local);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ConfidantBot.LocalChannel");
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app.Services, logger));
        return app;
    }

    private static bool IsLocalMode(IConfiguration configuration)
        => (configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions()).IsLocalMode;

    private static void AnnounceAddresses(IServiceProvider services, ILogger logger)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            LogOpenPage(logger, address.TrimEnd('/') + "/");
        }
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "ConfidantBot (lokaal): open {Url} in je browser (lokale testomgeving, geen Teams)")]
    private static partial void LogOpenPage(ILogger logger, string url);
}
