using ConfidantBot.BotFramework.Storage;

namespace ConfidantBot.BotFramework.Tests.Storage;

public class AzureTableKeyTests
{
    [Fact]
    public void Every_character_up_to_U_0200_round_trips_and_none_Azure_forbids_survives_encoding()
    {
        var all = new string(Enumerable.Range(0, 0x200).Select(code => (char)code).ToArray());

        var encoded = AzureTableKey.Encode(all);

        Assert.Equal(all, AzureTableKey.Decode(encoded));
        Assert.DoesNotContain(encoded, character => "/\\#?".Contains(character, StringComparison.Ordinal) || char.IsControl(character));
    }

    [Theory]
    [InlineData("plain-id_123", "plain-id_123")]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("~", "~7E")]
    [InlineData("50%", "50~25")]
    public void Ordinary_keys_stay_readable_and_reserved_characters_become_hex_escapes(string key, string expected)
    {
        Assert.Equal(expected, AzureTableKey.Encode(key));
        Assert.Equal(key, AzureTableKey.Decode(expected));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("abc~4")]
    [InlineData("~ZZ")]
    public void A_broken_escape_sequence_is_reported_not_guessed(string encoded)
    {
        Assert.Throws<FormatException>(() => AzureTableKey.Decode(encoded));
    }
}
