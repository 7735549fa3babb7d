using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using ConfidantBot.BotFramework.Connector;
using ConfidantBot.BotFramework.Hosting;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.BotFramework.Tests.Authentication;
using ConfidantBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ConfidantBot.Tests.Hosting;

/// <summary>How to start a <see cref="BotHostFactory"/>.</summary>
public sealed record BotHostSettings
{
    /// <summary>The data folder; null gives the host its own temporary one, deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    public string Environment { get; init; } = "Development";

    /// <summary>Configuration on top of appsettings.json (null values remove nothing; use "" to clear).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Production-like: Bot:AppId and Bot:TenantId set (inbound authentication on) and the OpenID
    /// metadata served by this issuer on 127.0.0.1.
    /// </summary>
    public TestTokenIssuer? Issuer { get; init; }

    /// <summary>Outside local mode: the https certificate of the fake connector the bot may post to.</summary>
    public X509Certificate2? ConnectorCertificate { get; init; }

    /// <summary>Test doubles (e.g. a test dialog), applied after the app's own registrations.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>
/// The real host (Program) on Kestrel at 127.0.0.1 with a random port: real HTTP, the real adapter,
/// authentication, bot, dialogs and SQLite store. Only outside services are faked: the OpenID
/// metadata (<see cref="TestTokenIssuer"/>), the connector (<see cref="FakeConnector"/>) and the
/// managed identity (<see cref="FakeTokenCredential"/>). The bot handler is wrapped by a
/// <see cref="RecordingHandler"/> that notes every turn it is given.
/// </summary>
public sealed class BotHostFactory : WebApplicationFactory<Program>
{
    public const string AppId = TestTokenIssuer.DefaultAppId;
    public const string TenantId = TestTokenIssuer.DefaultTenantId;
    public const string ServiceMailbox = "vertrouwelijk@gemeente.example";

    /// <summary>A Graph nobody answers: a host outside local mode may name it, a test never reaches Graph.</summary>
    public const string ClosedGraph = "http://127.0.0.1:9/v1.0";

    private readonly BotHostSettings _settings;
    private readonly bool _ownsDataDirectory;
    private string? _baseUrl;

    public BotHostFactory(BotHostSettings? settings = null)
    {
        _settings = settings ?? new BotHostSettings();
        _ownsDataDirectory = _settings.DataDirectory is null;
        DataDirectory = _settings.DataDirectory ?? NewDataDirectory();
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public FakeTokenCredential Credential { get; } = new();

    /// <summary>The host's address, ending in a slash; starts the host on first use.</summary>
    public string BaseUrl => _baseUrl ??= StartAndGetAddress();

    public RecordingHandler Handler => Services.GetRequiredService<RecordingHandler>();

    public IStorage Storage => Services.GetRequiredService<IStorage>();

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "confidantbot-host-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Starts the host; throws what the host threw if it refused to start.</summary>
    public BotHostFactory Start()
    {
        _ = BaseUrl;
        return this;
    }

    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = new Uri(BaseUrl),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>POSTs an activity to /api/messages, as the channel does.</summary>
    public async Task<HttpResponseMessage> PostActivityAsync(JsonNode activity, string? bearerToken = null)
    {
        using var client = CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return await client.SendAsync(request);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_settings.Environment);
        builder.UseSetting("Bot:DataDirectory", DataDirectory);
        builder.UseSetting("Bot:AppId", "");
        builder.UseSetting("Bot:TenantId", "");
        // No test waits for back-off: a refused or failed post fails the turn at once.
        builder.UseSetting("Connector:MaxRetries", "0");
        if (_settings.Issuer is { } issuer)
        {
            builder.UseSetting("Bot:AppId", AppId);
            builder.UseSetting("Bot:TenantId", TenantId);
            builder.UseSetting("BotAuthentication:OpenIdMetadataUrl", issuer.MetadataUrl);
            builder.UseSetting("BotAuthentication:EntraOpenIdMetadataUrl", issuer.EntraMetadataUrlTemplate);
            // The fake connector is addressed by name on loopback; its handler below stands in for
            // the network, so the connect-time address check of production is not in the way.
            builder.UseSetting("Connector:AllowedServiceHosts:0", "smba.trafficmanager.net");
            builder.UseSetting("Connector:AllowedServiceHosts:1", "localhost");

            // Outside local mode the host needs a service mailbox; its Graph is a closed port on 127.0.0.1.
            builder.UseSetting("Booking:ServiceMailbox", ServiceMailbox);
            builder.UseSetting("Graph:BaseUrl", ClosedGraph);
        }

        foreach (var (key, value) in _settings.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddFakeLogging());
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TokenCredential>(Credential);
            if (_settings.ConnectorCertificate is { } certificate)
            {
                services.AddHttpClient(ConnectorClient.HttpClientName)
                    .ConfigurePrimaryHttpMessageHandler(() => LoopbackCertificate.TrustingOnly(certificate));
            }

            DecorateBot(services);
            _settings.ConfigureServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    private static void DecorateBot(IServiceCollection services)
    {
        var original = services.Last(descriptor => descriptor.ServiceType == typeof(IBot));
        services.RemoveAll<IBot>();
        services.AddSingleton(provider => new RecordingHandler(original switch
        {
            { ImplementationInstance: IBot instance } => instance,
            { ImplementationFactory: { } factory } => (IBot)factory(provider),
            _ => (IBot)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!),
        }));
        services.AddSingleton<IBot>(provider => provider.GetRequiredService<RecordingHandler>());
    }

    private string StartAndGetAddress()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return address.TrimEnd('/') + "/";
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            else if (File.Exists(folder))
            {
                File.Delete(folder);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
