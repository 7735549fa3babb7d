using ConfidantBot.Booking.Dialogs;

namespace ConfidantBot.Tests.Booking;

/// <summary>Which typed pseudonyms look like a real person's name (refused kindly) and which do not.</summary>
public sealed class PseudonymNameCheckTests
{
    private static readonly PseudonymNameCheck Check = new(["Anna de Wit", "Bram Okafor", "Gemeentesecretaris Karel Dijkhuis"]);

    public static TheoryData<string, bool> Inputs => new()
    {
        // Introductions: whatever follows is the person's own name.
        { "Ik ben Sanne Verhoeven van Burgerzaken", true },
        { "ik ben Merel", true },
        { "Ik heet Jan", true },
        { "Mijn naam is Fatima", true },
        { "naam: Peter", true },
        { "I am Mary", true },
        { "I'm Tom", true },
        { "My name is Robert Jones", true },
        { "Dit is Kees", true },

        // First name with a family name, initials with a family name, a family name with a prefix.
        { "Sanne Verhoeven", true },
        { "sanne verhoeven", true },
        { "Jan de Vries", true },
        { "Piet van den Berg", true },
        { "J. de Vries", true },
        { "S. Verhoeven", true },
        { "J.P. Balkenende", true },
        { "Mohamed El Amrani", true },
        { "Linda Bakker", true },
        { "de Jong", true },
        { "van der Meer", true },

        // Names on the roster.
        { "Anna de Wit", true },
        { "Okafor", true },
        { "Karel Dijkhuis", true },

        // E-mail local parts.
        { "sanne.verhoeven", true },
        { "s.verhoeven", true },
        { "jan_de_vries", true },

        // Pseudonyms: single names, animals, nature, two words that are no name.
        { "Merel", false },
        { "Sam", false },
        { "Vos", false },
        { "Grijze Vos", false },
        { "Blauwe Reiger", false },
        { "Zilvermeeuw", false },
        { "Kiki 7", false },
        { "De Wolk", false },
        { "Noorderlicht", false },
        { "Anna", false },
        { "Otter in de Polder", false },
        { "Night Owl", false },
        { "R2D2", false },
        { "Mr. Nobody", false },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_typed_pseudonym_that_looks_like_a_real_name_is_refused(string pseudonym, bool looksLikeAName)
        => Assert.Equal(looksLikeAName, Check.LooksLikeAName(pseudonym));

    [Fact]
    public void None_of_the_suggested_pseudonyms_is_refused()
        => Assert.All(PseudonymRules.SuggestionList, suggestion => Assert.False(Check.LooksLikeAName(suggestion), suggestion));
}
