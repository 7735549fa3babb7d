using GuideContact = ConfidantBot.Routes.Catalogue.RouteContact;
using ConfidantBot.Routes.Contacts;

namespace ConfidantBot.Roster;

/// <summary>
/// The guide's route contacts from the roster HR maintains: every active contact by its key, with
/// its Dutch name (the directory has no language; names of offices are proper names in Dutch).
/// Registered by <see cref="RosterExtensions.AddRoster"/> in place of the configuration-based default.
/// </summary>
public sealed class RosterRouteContactDirectory(RosterStore store) : IRouteContactDirectory
{
    public async ValueTask<IReadOnlyDictionary<string, GuideContact>> GetContactsAsync(CancellationToken cancellationToken = default)
    {
        var roster = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        return roster.Contacts
            .Where(contact => contact.Active && !string.IsNullOrWhiteSpace(contact.Name.Nl))
            .ToDictionary(contact => contact.Key, contact => new GuideContact(contact.Name.Nl, contact.Email, contact.Phone, contact.Url), StringComparer.Ordinal);
    }
}
