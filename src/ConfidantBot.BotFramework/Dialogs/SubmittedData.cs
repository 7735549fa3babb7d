using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Dialogs;

/// <summary>
/// The object an Adaptive Card sent: <c>value</c> of a message (<c>Action.Submit</c>) or
/// <c>value.action.data</c> of an <c>adaptiveCard/action</c> invoke (<c>Action.Execute</c>).
/// </summary>
public static class SubmittedData
{
    public const string AdaptiveCardActionInvokeName = "adaptiveCard/action";

    public static bool IsAdaptiveCardAction(Activity activity)
        => activity is { Type: ActivityTypes.Invoke, Name: AdaptiveCardActionInvokeName };

    /// <summary>The submitted object, or null when the activity carries none.</summary>
    public static JsonObject? Get(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type == ActivityTypes.Message && activity.Value is { ValueKind: JsonValueKind.Object } value)
        {
            return JsonNode.Parse(value.GetRawText()) as JsonObject;
        }

        if (IsAdaptiveCardAction(activity)
            && activity.Value is { ValueKind: JsonValueKind.Object } invokeValue
            && invokeValue.TryGetProperty("action", out var action)
            && action.ValueKind == JsonValueKind.Object
            && action.TryGetProperty("data", out var data)
            && data.ValueKind == JsonValueKind.Object)
        {
            return JsonNode.Parse(data.GetRawText()) as JsonObject;
        }

        return null;
    }

    /// <summary>A string field of the submitted object (e.g. <c>choice</c> or <c>command</c>), or null.</summary>
    public static string? GetString(Activity activity, string field)
        => Get(activity)?[field] is JsonValue node && node.TryGetValue<string>(out var text) ? text : null;
}
