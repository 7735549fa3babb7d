using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Presentation;

namespace ConfidantBot.Figures.YearlyReport;

/// <summary>What a report link opens: a year's report in a language. Nothing about who asked.</summary>
public sealed record ReportLinkTarget(int Year, string Locale);

/// <summary>
/// Short-lived, unguessable links to the yearly report: 32 random bytes (base64url) in the URL; the
/// store keeps only their SHA-256 with the year and the language, and lets the entry expire after
/// <see cref="Lifetime"/>. A link opens the protected whole-year report and nothing else, so one that
/// is forwarded shows no more than the figures HR would hand out anyway.
/// </summary>
public sealed class ReportLinks(IStorage storage, TimeProvider clock)
{
    public const string Partition = "figure-report-links";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public async Task<string> CreateAsync(int year, string locale, CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var data = JsonSerializer.SerializeToUtf8Bytes(new ReportLinkTarget(year, Locales.FromActivityLocale(locale).Name));
        await storage.WriteAsync(KeyOf(token), data, ETags.Any, clock.GetUtcNow() + Lifetime, cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>The target of a live link; null for an unknown, malformed or expired one.</summary>
    public async Task<ReportLinkTarget?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is not { Length: 43 } || !Base64Url.IsValid(token))
        {
            return null;
        }

        var item = await storage.ReadAsync(KeyOf(token), cancellationToken).ConfigureAwait(false);
        if (item is null || item.ExpiresAt is not { } expires || expires <= clock.GetUtcNow())
        {
            return null;
        }

        return JsonSerializer.Deserialize<ReportLinkTarget>(item.Data.Span);
    }

    private static StorageKey KeyOf(string token) =>
        new(Partition, Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))));

    public static string PathFor(string token) => string.Create(CultureInfo.InvariantCulture, $"figures/report/{token}");
}
