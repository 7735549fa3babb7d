using System.Text.Json;
using ConfidantBot.BotFramework.Schema;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace ConfidantBot.Booking;

/// <summary>JSON options for stored booking records: the wire defaults plus NodaTime types as ISO strings.</summary>
public static class NodaJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(BotJson.Options).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
