using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConfidantBot.Presentation;

namespace ConfidantBot.Booking.Dialogs;

/// <summary>
/// Whether a typed pseudonym looks like a real person's name, so it would tell the confidant who
/// is asking: "ik ben …" and the like, a first name with a family name, initials with a family
/// name, a name on the roster, or an e-mail address's local part (sanne.verhoeven). A single
/// first name is fine: many people share it. Only this check reads the words of a pseudonym.
/// </summary>
public sealed class PseudonymNameCheck
{
    private static readonly string[] SelfIntroductions =
    [
        "ik ben", "ik heet", "mijn naam is", "mijn naam", "naam", "dit is", "hier is",
        "i am", "i'm", "my name is", "my name", "name", "this is",
    ];

    private static readonly Lazy<PersonNames> Names = new(LoadNames);

    private readonly FrozenSet<string> _rosterNames;

    /// <param name="rosterNames">Display names on the roster (confidants, contacts): their full names and family names are refused.</param>
    public PseudonymNameCheck(IEnumerable<string>? rosterNames = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in rosterNames ?? [])
        {
            var words = Words(name);
            if (words.Count == 0)
            {
                continue;
            }

            names.Add(string.Join(' ', words));
            if (words.Count >= 2 && string.Join(' ', words.Skip(1)) is { Length: >= 3 } familyName)
            {
                names.Add(familyName);
            }
        }

        _rosterNames = names.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="pseudonym"/> looks like someone's real name.</summary>
    public bool LooksLikeAName(string pseudonym)
    {
        var text = pseudonym.Trim();
        if (LooksLikeMailLocalPart(text))
        {
            return true;
        }

        var words = Words(text);
        if (words.Count == 0)
        {
            return false;
        }

        var joined = string.Join(' ', words);
        if (SelfIntroductions.Any(intro => joined.StartsWith(intro + " ", StringComparison.Ordinal) && joined.Length > intro.Length + 2))
        {
            return true;
        }

        if (_rosterNames.Any(name => ContainsWords(joined, name)))
        {
            return true;
        }

        // A family name with a prefix ("de Vries", "van den Berg") is a name on its own; "Vos" or "Grijze Vos" is not.
        var names = Names.Value;
        if (names.FamilyNames.Any(family => family.Contains(' ', StringComparison.Ordinal) && ContainsWords(joined, family)))
        {
            return true;
        }

        // First name (or initials) followed by more name words: "Sanne Verhoeven", "J. de Vries", "Jan van Dam".
        var firstIsName = names.FirstNames.Contains(words[0]) || IsInitials(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        return firstIsName && words.Count >= 2 && FamilyPart(words).Count > 0
            && (OriginalWordsAfterFirstAreCapitalised(text) || names.FamilyNames.Contains(string.Join(' ', words.Skip(1))));
    }

    /// <summary>The words after the first that are not name prefixes (van, de, ter …).</summary>
    private static List<string> FamilyPart(IReadOnlyList<string> words)
        => [.. words.Skip(1).Where(word => !Names.Value.Prefixes.Contains(word))];

    private static bool OriginalWordsAfterFirstAreCapitalised(string text)
    {
        var original = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Where(word => !Names.Value.Prefixes.Contains(Normalise(word)))
            .ToList();
        return original.Count > 0 && original.All(word => char.IsUpper(word.TrimStart('\'', '-')[0]));
    }

    private static bool IsInitials(string word) => word.Length >= 2 && word.EndsWith('.') && word.TrimEnd('.').Split('.').All(part => part.Length == 1 && char.IsLetter(part[0]));

    /// <summary>sanne.verhoeven, s.verhoeven, jan_de_vries: letters joined by dots or underscores, no spaces.</summary>
    private static bool LooksLikeMailLocalPart(string text)
        => !text.Contains(' ', StringComparison.Ordinal)
           && text.IndexOfAny(['.', '_']) is > 0 and var separator && separator < text.Length - 1
           && text.Split('.', '_').Count(part => part.Length > 0) >= 2
           && text.Split('.', '_').Where(part => part.Length > 0).All(part => part.All(char.IsLetter))
           && text.Split('.', '_').Any(part => part.Length >= 3);

    private static bool ContainsWords(string joined, string name)
        => joined == name || joined.StartsWith(name + " ", StringComparison.Ordinal) || joined.EndsWith(" " + name, StringComparison.Ordinal) || joined.Contains(" " + name + " ", StringComparison.Ordinal);

    /// <summary>Lower case, without accents, words split on spaces, dots and hyphens.</summary>
    private static List<string> Words(string text)
        => [.. Normalise(text).Split([' ', '.', '-', '_', ',', ':'], StringSplitOptions.RemoveEmptyEntries)];

    private static string Normalise(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(c);
            }
        }

        return plain.ToString().Normalize(NormalizationForm.FormC);
    }

    private static PersonNames LoadNames()
    {
        using var document = JsonDocument.Parse(AppResources.Read("Booking.Data.person-names.json"));
        FrozenSet<string> Set(string property) => document.RootElement.GetProperty(property).EnumerateArray().Select(e => Normalise(e.GetString()!)).ToFrozenSet(StringComparer.Ordinal);
        return new PersonNames(Set("firstNames"), Set("familyNames"), Set("namePrefixes"));
    }

    private sealed record PersonNames(FrozenSet<string> FirstNames, FrozenSet<string> FamilyNames, FrozenSet<string> Prefixes);
}
