using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NodaTime;

// `--parts sqlite,crypto,json,http,resilience,noda` (any subset, or none): each part makes the smallest real use
// of one library the bot depends on, once at start, so `bench floor` can read the idle memory each one costs.
var builder = WebApplication.CreateSlimBuilder(args);
var parts = FloorParts.Parse(builder.Configuration["parts"]);
var dataDirectory = builder.Configuration["Bot:DataDirectory"] ?? Path.GetTempPath();
if (parts.Contains("http"))
{
    FloorParts.AddConnectorClient(builder.Services, withResilience: parts.Contains("resilience"));
}

var app = builder.Build();
foreach (var part in parts)
{
    FloorParts.Use(part, app.Services, dataDirectory);
}

app.MapGet("/healthz", () => "Healthy");
app.Run();

/// <summary>
/// Each part in its own never-inlined method: compiling the start-up code must not load a library that the
/// chosen parts do not use.
/// </summary>
internal static class FloorParts
{
    public static readonly string[] All = ["sqlite", "crypto", "json", "http", "resilience", "noda"];

    public static IReadOnlySet<string> Parse(string? list)
    {
        var parts = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var unknown = parts.Except(All).ToList();
        return unknown.Count == 0 ? parts : throw new ArgumentException($"Unknown part(s) {string.Join(", ", unknown)}; known: {string.Join(", ", All)}.");
    }

    public static void Use(string part, IServiceProvider services, string dataDirectory)
    {
        switch (part)
        {
            case "sqlite": UseSqlite(dataDirectory); break;
            case "crypto": UseCrypto(); break;
            case "json": UseJson(); break;
            case "http": UseConnectorClient(services); break;
            case "noda": UseNodaTime(); break;
        }
    }

    /// <summary>The bot's local store: a WAL database with one table, one prepared write and one read.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseSqlite(string dataDirectory)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "floor.db") }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, data BLOB NOT NULL);";
        command.ExecuteNonQuery();
        command.CommandText = "INSERT OR REPLACE INTO items (key, data) VALUES ($key, $data); SELECT data FROM items WHERE key = $key;";
        command.Parameters.AddWithValue("$key", "probe");
        command.Parameters.AddWithValue("$data", new byte[] { 1, 2, 3 });
        command.ExecuteScalar();
    }

    /// <summary>The privacy rules: a keyed person hash (HMAC-SHA256) and a sealed record (AES-256-GCM).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseCrypto()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        _ = HMACSHA256.HashData(key, "tenant\nperson"u8);
        using var aes = new AesGcm(key, 16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = "routing"u8.ToArray();
        var ciphertext = new byte[plaintext.Length];
        aes.Encrypt(nonce, plaintext, ciphertext, new byte[16]);
    }

    /// <summary>The Bot Framework protocol: an activity read with System.Text.Json's reflection-based serializer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseJson()
    {
        var activity = JsonSerializer.Deserialize<ProbeActivity>(
            """{"type":"message","id":"1","timestamp":"2026-11-28T20:00:00Z","text":"hallo","from":{"id":"29:1"},"conversation":{"id":"a:1"}}""",
            JsonSerializerOptions.Web);
        _ = JsonSerializer.SerializeToUtf8Bytes(activity, JsonSerializerOptions.Web);
    }

    /// <summary>The connector: a named HttpClient from the factory, with the resilience pipeline when asked.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AddConnectorClient(IServiceCollection services, bool withResilience)
    {
        var client = services.AddHttpClient("connector");
        if (withResilience)
        {
            client.AddStandardResilienceHandler();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseConnectorClient(IServiceProvider services)
        => services.GetRequiredService<IHttpClientFactory>().CreateClient("connector").Dispose();

    /// <summary>Availability: the Dutch time zone and a local date turned into an instant.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseNodaTime()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
        _ = zone.AtStartOfDay(new LocalDate(2026, 11, 30)).ToInstant();
    }
}

internal sealed record ProbeActivity(string Type, string Id, DateTimeOffset Timestamp, string? Text, ProbeAccount From, ProbeConversation Conversation);

internal sealed record ProbeAccount(string Id);

internal sealed record ProbeConversation(string Id);
