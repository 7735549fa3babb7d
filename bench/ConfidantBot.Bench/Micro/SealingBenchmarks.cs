using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ConfidantBot.Booking;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Sealing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConfidantBot.Bench.Micro;

/// <summary>Sealing and opening one routing record with AES-256-GCM under the local key file (keys cached after the first read).</summary>
[MemoryDiagnoser]
public class SealingBenchmarks
{
    private const string RecordId = "booking-0f3a9c";
    private const string Purpose = "booking";
    private string _dataDirectory = null!;
    private RoutingSealer _sealer = null!;
    private byte[] _plaintext = null!;
    private SealedRecord _sealed = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("confidantbot-bench-keys-").FullName;
        var keys = new LocalKeyFileProvider(Options.Create(new LocalKeyFileOptions { DataDirectory = _dataDirectory }), TimeProvider.System, NullLogger<LocalKeyFileProvider>.Instance);
        _sealer = new RoutingSealer(keys);
        var reference = new ConversationReference
        {
            ActivityId = "1700000000000",
            User = new ChannelAccount { Id = "29:1FAKEuserMRI0000aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789", AadObjectId = "00000000-0000-0000-0000-0000000000c1" },
            Bot = new ChannelAccount { Id = "28:00000000-0000-0000-0000-0000000000b0" },
            Conversation = new ConversationAccount { Id = "a:1FAKEpersonalConversationId0000aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789", ConversationType = "personal", TenantId = "00000000-0000-0000-0000-0000000000aa" },
            ChannelId = "msteams",
            Locale = "nl-NL",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
        };
        _plaintext = JsonSerializer.SerializeToUtf8Bytes(RoutingRecord.Create(reference, "Merel", MeetingMode.PhoneConfidantCalls, "+31612345678"));
        _sealed = await _sealer.SealAsync(RecordId, Purpose, _plaintext);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dataDirectory, recursive: true);

    [Benchmark(Description = "Seal routing record")]
    public async Task<int> Seal() => (await _sealer.SealAsync(RecordId, Purpose, _plaintext)).Ciphertext.Length;

    [Benchmark(Description = "Open routing record")]
    public async Task<int> Open() => (await _sealer.OpenAsync(RecordId, Purpose, _sealed)).Length;
}
