using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConfidantBot.Privacy.Logging;

public static class PrivacyLoggingExtensions
{
    /// <summary>
    /// Erases every value classified <see cref="PrivacyTaxonomy.PersonalData"/> or
    /// <see cref="PrivacyTaxonomy.Content"/> from all log output. Erasing, not hashing: a hash of a
    /// Teams id in a log lets whoever holds the logs confirm a guess about who used the bot.
    /// </summary>
    public static IHostApplicationBuilder AddPrivacyLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(
                new DataClassificationSet(PrivacyTaxonomy.PersonalData),
                new DataClassificationSet(PrivacyTaxonomy.Content));
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
        builder.Logging.EnableRedaction();
        return builder;
    }
}
