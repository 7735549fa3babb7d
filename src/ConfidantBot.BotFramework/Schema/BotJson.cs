using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConfidantBot.BotFramework.Schema;

/// <summary>
/// The one set of JSON options for the wire format: camelCase, nulls left out, case-insensitive
/// reads. Cached because building options per call is measurably slow.
/// </summary>
public static class BotJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 64,
        };
        options.Converters.Add(new IsoTimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static Activity? DeserializeActivity(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<Activity>(utf8, Options);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);
}
