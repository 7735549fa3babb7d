using Microsoft.Extensions.Compliance.Classification;

namespace ConfidantBot.Privacy.Logging;

/// <summary>
/// The app's data classes. Anything classified is erased from log output by
/// <see cref="PrivacyLoggingExtensions.AddPrivacyLogging"/>; unclassified values are logged as is,
/// so only ids, counts, enum values and exception types may go unclassified.
/// </summary>
public static class PrivacyTaxonomy
{
    public const string TaxonomyName = "ConfidantBot";

    /// <summary>Identifies a person, directly or through Teams: user, conversation, tenant and Entra ids, names, phone numbers, pseudonyms.</summary>
    public static DataClassification PersonalData { get; } = new(TaxonomyName, nameof(PersonalData));

    /// <summary>What someone wrote: message text, card input, free text of any kind.</summary>
    public static DataClassification Content { get; } = new(TaxonomyName, nameof(Content));
}

/// <summary>Marks a logged value as <see cref="PrivacyTaxonomy.PersonalData"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(PrivacyTaxonomy.PersonalData);

/// <summary>Marks a logged value as <see cref="PrivacyTaxonomy.Content"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
public sealed class ContentAttribute() : DataClassificationAttribute(PrivacyTaxonomy.Content);
