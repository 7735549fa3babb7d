using System.Text.Json;
using ConfidantBot.Booking.Dialogs;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Tests.Booking;

/// <summary>
/// Booking, "my bookings" and forget-me find a person's records by a keyed hash of (tenant, object id).
/// The tenant must be read in one place, the one inbound authentication checks; otherwise forget-me
/// could look under another hash than the booking was stored under and still report success.
/// </summary>
public sealed class PersonIdentityTests
{
    [Fact]
    public void The_tenant_is_the_one_authentication_checked_when_channel_data_and_conversation_differ()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            From = new ChannelAccount { Id = "29:x", AadObjectId = "00000000-0000-0000-0000-00000000e001" },
            Conversation = new ConversationAccount { Id = "a:1", TenantId = "00000000-0000-0000-0000-0000000000bb" },
            ChannelData = JsonDocument.Parse("""{"tenant":{"id":"00000000-0000-0000-0000-0000000000aa"}}""").RootElement,
        };

        var person = PersonIdentity.From(activity);

        Assert.NotNull(person);
        Assert.Equal(activity.TenantId, person.TenantId);
        Assert.Equal("00000000-0000-0000-0000-0000000000aa", person.TenantId);
    }

    [Fact]
    public void Without_channel_data_the_conversations_tenant_is_used()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            From = new ChannelAccount { Id = "29:x", AadObjectId = "00000000-0000-0000-0000-00000000e001" },
            Conversation = new ConversationAccount { Id = "a:1", TenantId = "00000000-0000-0000-0000-0000000000bb" },
        };

        Assert.Equal("00000000-0000-0000-0000-0000000000bb", PersonIdentity.From(activity)!.TenantId);
    }
}
