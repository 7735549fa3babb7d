using ConfidantBot.Routes.Catalogue;
using Microsoft.Extensions.Configuration;

namespace ConfidantBot.Routes.Contacts;

/// <summary>
/// Contacts from configuration (<c>Routes:Contacts:{key}:Name|Email|Phone|Url</c>), until HR maintains
/// them in the bot. An entry without a name counts as not configured.
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
            if (!string.IsNullOrWhiteSpace(name))
            {
                contacts[entry.Key] = new RouteContact(name.Trim(), Blank(entry["Email"]), Blank(entry["Phone"]), Blank(entry["Url"]));
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, RouteContact>>(contacts);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
