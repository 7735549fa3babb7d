using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.State;
using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.BotFramework.Tests.Dialogs;

/// <summary>Reads what the conversation state put in storage, the way an operator would see it.</summary>
internal static class StoredState
{
    public static readonly StorageKey Key = new(ConversationState.StoragePartition, "test/test-conversation");

    public static async Task<JsonObject?> DocumentAsync(IStorage storage)
        => await storage.ReadAsync(Key) is { } item ? JsonNode.Parse(item.Data.Span) as JsonObject : null;

    public static async Task<JsonArray?> DialogStackAsync(IStorage storage)
        => (await DocumentAsync(storage))?["dialogState"]?["dialogStack"] as JsonArray;
}
