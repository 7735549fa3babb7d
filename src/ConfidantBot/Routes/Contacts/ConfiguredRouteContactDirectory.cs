using ConfidantBot.Routes.Catalogue;
using Microsoft.Extensions.Configuration;

namespace ConfidantBot.Routes.Contacts;

/// <summary>
/// Contacts from configuration (<c>Routes:Contacts:{key}:Name|NameEn|Email|Phone|Url|NoteNl|NoteEn|Present</c>),
/// for a host without the roster. An entry without a name counts as not configured, unless it says
/// <c>Present=false</c>: this municipality does not have that receiver.
/// </summary>
public sealed class ConfiguredRouteContactDirectory(IConfiguration configuration) : IRouteContactDirectory
{
    public const string SectionName = "Routes:Contacts";

    public ValueTask<IReadOnlyDictionary<string, RouteContact>> GetContactsAsync(CancellationToken cancellationToken = default)
    {
        var contacts = new Dictionary<string, RouteContact>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(SectionName).GetChildren())
        {
            var name = entry["Name"];
            var present = !string.Equals(entry["Present"], "false", StringComparison.OrdinalIgnoreCase);
            if (!string.IsNullOrWhiteSpace(name) || !present)
            {
                var noteNl = Blank(entry["NoteNl"]);
                var noteEn = Blank(entry["NoteEn"]);
                contacts[entry.Key] = new RouteContact(name?.Trim() ?? entry.Key, Blank(entry["Email"]), Blank(entry["Phone"]), Blank(entry["Url"]))
                {
                    NameEn = Blank(entry["NameEn"]),
                    Note = noteNl is null && noteEn is null ? null : new LocalizedText(noteNl ?? noteEn!, noteEn ?? noteNl!),
                    Present = present,
                };
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, RouteContact>>(contacts);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
