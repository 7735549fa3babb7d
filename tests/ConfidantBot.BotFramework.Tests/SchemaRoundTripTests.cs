using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.BotFramework.Tests;

public class SchemaRoundTripTests
{
    public static TheoryData<string> InboundSamples() => new()
    {
        "inbound-message-personal.json",
        "inbound-message-adaptivecard-submit-personal.json",
        "inbound-conversationUpdate-membersAdded-personal.json",
        "inbound-installationUpdate-add-personal.json",
        "inbound-invoke-adaptiveCard-action-personal.json",
        "inbound-messageReaction-personal.json",
        "outbound-reply-adaptivecard.json",
        "outbound-proactive-message.json",
    };

    [Theory]
    [MemberData(nameof(InboundSamples))]
    public void Every_property_of_a_real_Teams_body_survives_a_read_write_round_trip(string file)
    {
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "protocol", file));

        var activity = JsonSerializer.Deserialize<Activity>(original, BotJson.Options)!;
        var written = BotJson.Serialize(activity);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)),
            $"round trip changed {file}:\n{written}");
    }

    [Fact]
    public void Tenant_id_is_read_from_Teams_channel_data()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "protocol", "inbound-message-personal.json"));
        var activity = JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!;

        Assert.Equal("00000000-0000-0000-0000-0000000000aa", activity.TenantId);
        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("00000000-0000-0000-0000-0000000000c1", activity.From?.AadObjectId);
    }
}
