using System.Net;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// The real host (Program) on Kestrel at 127.0.0.1 with a random port, in local mode, with its own
/// data folder. Real HTTP all the way: the local channel posts to its own /api/messages and the
/// connector client posts replies to the local connector. By default a test bot stands behind the
/// real <see cref="CloudAdapter"/>; with <see cref="HostOptions.RealBot"/> the app's own bot answers.
/// </summary>
public sealed class LocalChannelHost : IAsyncDisposable
{
    private readonly Factory _factory;
    private bool _disposed;

    private LocalChannelHost(Factory factory, string baseUrl)
    {
        _factory = factory;
        BaseUrl = baseUrl;
    }

    /// <summary>How to start the host.</summary>
    public sealed record HostOptions
    {
        public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

        /// <summary>The app's own bot (conversation root, dialogs) instead of <see cref="RecordingBot"/>.</summary>
        public bool RealBot { get; init; }

        /// <summary>Changes to the app's services after its own registrations (outside services only).</summary>
        public Action<IServiceCollection>? Services { get; init; }
    }

    /// <summary>The host's address, ending in a slash, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public string BaseUrl { get; }

    public RecordingBot Bot => _factory.Bot;

    public IServiceProvider Services => _factory.Services;

    public static Task<LocalChannelHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
        => StartAsync(new HostOptions { Settings = settings ?? new Dictionary<string, string?>() });

    public static Task<LocalChannelHost> StartAsync(HostOptions options)
    {
        var factory = new Factory(options, Directory.CreateTempSubdirectory("confidantbot-local-tests-"));
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return Task.FromResult(new LocalChannelHost(factory, address.TrimEnd('/') + "/"));
    }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _factory.DisposeAsync();
        try
        {
            _factory.DataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold its file a moment longer; the temp folder is cleaned by the system.
        }
    }

    private sealed class Factory(HostOptions options, DirectoryInfo dataDirectory) : WebApplicationFactory<Program>
    {
        public RecordingBot Bot { get; } = new();

        public DirectoryInfo DataDirectory => dataDirectory;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Bot:AppId", "");
            builder.UseSetting("Bot:DataDirectory", dataDirectory.FullName);
            foreach (var (key, value) in options.Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.ConfigureTestServices(services =>
            {
                if (!options.RealBot)
                {
                    services.AddSingleton<IBot>(Bot);
                }

                options.Services?.Invoke(services);
            });
        }
    }
}
