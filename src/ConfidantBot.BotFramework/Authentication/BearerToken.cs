namespace ConfidantBot.BotFramework.Authentication;

/// <summary>Reads the token from an <c>Authorization: Bearer …</c> header (RFC 6750 §2.1).</summary>
public static class BearerToken
{
    private const string Scheme = "Bearer";

    /// <returns>Null when the header is usable; otherwise the reason it is not.</returns>
    public static string? TryRead(string? authorizationHeader, out string token)
    {
        token = string.Empty;
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return "missing Authorization header";
        }

        var value = authorizationHeader.AsSpan().Trim();
        var space = value.IndexOf(' ');
        var scheme = space < 0 ? value : value[..space];
        if (!scheme.Equals(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "Authorization scheme must be Bearer";
        }

        var credentials = space < 0 ? [] : value[(space + 1)..].Trim();
        if (credentials.IsEmpty || credentials.ContainsAny(' ', '\t'))
        {
            return "malformed bearer token";
        }

        token = credentials.ToString();
        return null;
    }
}
