using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.LocalChannel;

/// <summary>A made-up person the local page can chat as. Nothing here belongs to a real tenant.</summary>
public sealed record LocalIdentity(string Role, string UserId, string Name, string AadObjectId)
{
    public ChannelAccount ToAccount() => new() { Id = UserId, Name = Name, AadObjectId = AadObjectId };
}

/// <summary>
/// The fixed fake identities of local mode. Other capabilities use these ids to seed local data,
/// e.g. the roster treats <see cref="HrAdmin"/>'s <c>aadObjectId</c> as an HR admin in local mode.
/// </summary>
public static class LocalIdentities
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";

    public static LocalIdentity CivilServant { get; } = new(
        "civil-servant",
        "29:local-civil-servant",
        "Medewerker (lokaal)",
        "00000000-0000-0000-0000-00000000e001");

    public static LocalIdentity HrAdmin { get; } = new(
        "hr-admin",
        "29:local-hr-admin",
        "HR-beheerder (lokaal)",
        "00000000-0000-0000-0000-00000000a001");

    public static IReadOnlyList<LocalIdentity> All { get; } = [CivilServant, HrAdmin];

    /// <summary>The bot as the local channel addresses it (<c>recipient</c> of what the page sends).</summary>
    public static ChannelAccount Bot() => new() { Id = "28:local-confidantbot", Name = "ConfidantBot" };

    public static LocalIdentity? FindByRole(string? role)
        => All.FirstOrDefault(identity => string.Equals(identity.Role, role, StringComparison.Ordinal));
}
