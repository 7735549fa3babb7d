using BenchmarkDotNet.Attributes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Bench.Micro;

/// <summary>The wire format: reading a Teams card submit, writing a card reply (BotJson's cached options).</summary>
[MemoryDiagnoser]
public class ActivityJsonBenchmarks
{
    private byte[] _inbound = null!;
    private Activity _reply = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "protocol");
        _inbound = File.ReadAllBytes(Path.Combine(folder, "inbound-message-adaptivecard-submit-personal.json"));
        _reply = BotJson.DeserializeActivity(File.ReadAllBytes(Path.Combine(folder, "outbound-reply-adaptivecard.json")))!;
    }

    [Benchmark(Description = "Deserialize inbound card submit")]
    public string? Deserialize() => BotJson.DeserializeActivity(_inbound)!.Type;

    [Benchmark(Description = "Serialize card reply")]
    public int Serialize() => BotJson.SerializeToUtf8Bytes(_reply).Length;
}
