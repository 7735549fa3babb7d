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
/// The real host (Program) on Kestrel at 127.0.0.1 with a random port, in local mode, with a test
/// bot behind the real <see cref="CloudAdapter"/>. Real HTTP all the way: the local channel posts
/// to its own /api/messages and the connector client posts replies to the local connector.
/// </summary>
public sealed class LocalChannelHost : IAsyncDisposable
{
    private readonly Factory _factory;

    private LocalChannelHost(Factory factory, string baseUrl)
    {
        _factory = factory;
        BaseUrl = baseUrl;
    }

    /// <summary>The host's address, ending in a slash, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public string BaseUrl { get; }

    public RecordingBot Bot => _factory.Bot;

    public IServiceProvider Services => _factory.Services;

    public static Task<LocalChannelHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new Factory(settings ?? new Dictionary<string, string?>());
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return Task.FromResult(new LocalChannelHost(factory, address.TrimEnd('/') + "/"));
    }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        public RecordingBot Bot { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Bot:AppId", "");
            builder.UseSetting("Bot:DataDirectory", Path.Combine(Path.GetTempPath(), "confidantbot-local-tests"));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IBot>(Bot);
            });
        }
    }
}
