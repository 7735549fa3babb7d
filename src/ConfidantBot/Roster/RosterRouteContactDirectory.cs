using GuideContact = ConfidantBot.Routes.Catalogue.RouteContact;
using GuideText = ConfidantBot.Routes.Catalogue.LocalizedText;
using ConfidantBot.Routes.Contacts;

namespace ConfidantBot.Roster;

/// <summary>
/// The guide's route contacts from the roster HR maintains, by key, with both names and HR's note.
/// A contact HR set to "not present" is passed on as such: the catalogue then leaves out a route
/// whose local receiver does not exist here. Registered by <see cref="RosterExtensions.AddRoster"/>
/// in place of the configuration-based default.
/// </summary>
public sealed class RosterRouteContactDirectory(RosterStore store) : IRouteContactDirectory
{
    public async ValueTask<IReadOnlyDictionary<string, GuideContact>> GetContactsAsync(CancellationToken cancellationToken = default)
    {
        var roster = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        return roster.Contacts
            .Where(contact => !contact.Active || !string.IsNullOrWhiteSpace(contact.Name?.Nl))
            .ToDictionary(contact => contact.Key, ToGuide, StringComparer.Ordinal);
    }

    private static GuideContact ToGuide(RouteContact contact) =>
        new(string.IsNullOrWhiteSpace(contact.Name?.Nl) ? contact.Key : contact.Name.Nl, contact.Email, contact.Phone, contact.Url)
        {
            NameEn = string.IsNullOrWhiteSpace(contact.Name?.En) ? null : contact.Name.En,
            Note = contact.Note is null ? null : new GuideText(contact.Note.Nl, contact.Note.En),
            Present = contact.Active,
        };
}
