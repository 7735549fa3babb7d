using System.Text.Json;
using System.Text.Json.Serialization;
using ConfidantBot.BotFramework.Schema;
using NodaTime;
using NodaTime.Text;

namespace ConfidantBot.Booking;

/// <summary>JSON options for stored booking records: the wire defaults plus <see cref="Instant"/> as an ISO string.</summary>
/// <remarks>
/// Stored records hold no other NodaTime type. One converter instead of the full NodaTime
/// converter set keeps start-up from building patterns for a dozen types nothing stores.
/// </remarks>
public static class NodaJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(BotJson.Options);
        options.Converters.Add(new InstantJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary><see cref="Instant"/> as <c>2026-11-28T09:30:00Z</c> (NodaTime's extended ISO pattern, fractions only when present).</summary>
    private sealed class InstantJsonConverter : JsonConverter<Instant>
    {
        private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"An instant must be a JSON string, not {reader.TokenType}.");
            }

            var result = Pattern.Parse(reader.GetString()!);
            return result.Success ? result.Value : throw new JsonException($"Not an ISO instant: {result.Exception.Message}");
        }

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
            => writer.WriteStringValue(Pattern.Format(value));
    }
}
