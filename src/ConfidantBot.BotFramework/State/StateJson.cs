using System.Text.Json;
using System.Text.Json.Serialization;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.State;

/// <summary>JSON options for persisted state: the wire options, plus enums as names so stored state stays readable across enum reorderings.</summary>
public static class StateJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(BotJson.Options);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
