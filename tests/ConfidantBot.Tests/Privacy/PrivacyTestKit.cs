using ConfidantBot.Booking;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Privacy.Keys;
using ConfidantBot.Privacy.Sealing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConfidantBot.Tests.Privacy;

/// <summary>A temporary data folder with a real local key file, removed afterwards.</summary>
internal sealed class TemporaryKeyFolder : IDisposable
{
    public TemporaryKeyFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "confidantbot-tests-" + Guid.NewGuid().ToString("N"));
        DataDirectory = Path.Combine(Root, "data");
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string KeyFilePath => Path.Combine(DataDirectory, LocalKeyFileOptions.FileName);

    public LocalKeyFileProvider NewProvider(TimeProvider? timeProvider = null) => new(
        Options.Create(new LocalKeyFileOptions { DataDirectory = DataDirectory }),
        timeProvider ?? new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)),
        NullLogger<LocalKeyFileProvider>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

internal static class Canaries
{
    public const string Pseudonym = "CANARY-Pseudo-Kiwi7731";
    public const string PhoneNumber = "+31 6 99887766";
    public const string ConversationId = "a:1CANARYconversation9f3kq8x";
    public const string UserId = "29:1CANARYuserid5rT0pq";
    public const string UserName = "Canary Jansen-de Vries";
    public const string EntraObjectId = "6f1d2c3b-aaaa-4bbb-8ccc-0123456789ab";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    public static IEnumerable<string> All => [Pseudonym, PhoneNumber, ConversationId, UserId, UserName, EntraObjectId];

    public static ConversationReference Reference(string conversationId = ConversationId, string userId = UserId) => new()
    {
        ActivityId = "1700000000000",
        User = new ChannelAccount { Id = userId, Name = UserName, AadObjectId = EntraObjectId },
        Bot = new ChannelAccount { Id = "28:bot-app-id", Name = "ConfidantBot" },
        Conversation = new ConversationAccount { Id = conversationId, TenantId = TenantId, ConversationType = "personal", Name = "chat with " + UserName },
        ChannelId = "msteams",
        Locale = "nl-NL",
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
    };

    public static RoutingRecord Record(string pseudonym = Pseudonym, string? phone = PhoneNumber, string conversationId = ConversationId) =>
        RoutingRecord.Create(Reference(conversationId), pseudonym, MeetingMode.PhoneConfidantCalls, phone);
}
