namespace ConfidantBot.Roster.InvitationAddresses;

/// <summary>
/// Where booking requests may go. A confidant's <c>InvitationEmail</c> receives every later request
/// (pseudonym, topic, phone number), so an HR admin may only set it to an address in one of these
/// domains. Section <c>InvitationAddresses</c>.
/// </summary>
public sealed class InvitationAddressOptions
{
    public const string SectionName = "InvitationAddresses";

    /// <summary>
    /// Domains a confidant's invitation address may be in (e.g. <c>gemeente.example</c>, the external
    /// confidants' bureau). A domain also covers its subdomains. Empty: any domain, allowed only
    /// outside Production (a start-up check refuses it there). An entry may hold several domains
    /// separated by <c>;</c> or <c>,</c> (the deployment sets them as one app setting).
    /// </summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>True when <paramref name="address"/> is in an allowed domain (or no list is configured).</summary>
    public bool Allows(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var domains = AllowedDomains
            .SelectMany(entry => (entry ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (domains.Count == 0)
        {
            return true;
        }

        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var domain = address[(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        return domains.Select(allowed => allowed.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant())
            .Any(allowed => domain == allowed || domain.EndsWith("." + allowed, StringComparison.Ordinal));
    }
}
