using ConfidantBot.Routes.Catalogue;

namespace ConfidantBot.Routes.Contacts;

/// <summary>
/// The municipality's route contacts by key (<c>mayorsOffice</c>, <c>griffier</c>, <c>temporaryDesk</c>, …).
/// HR maintains them; the roster capability replaces the configuration-based default.
/// </summary>
public interface IRouteContactDirectory
{
    ValueTask<IReadOnlyDictionary<string, RouteContact>> GetContactsAsync(CancellationToken cancellationToken = default);
}
