using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConfidantBot.Routes.Catalogue;

/// <summary>
/// The catalogue as stored: the seed file's shape, parsed strictly and validated as a whole so that
/// a bad seed fails at start-up instead of showing a half-empty card to someone who needs help.
/// </summary>
public sealed record RouteCatalogueDocument(int Version, IReadOnlyList<ReportingRoute> Routes)
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Parses and validates; throws <see cref="InvalidRouteCatalogueException"/> listing every problem.</summary>
    public static RouteCatalogueDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        RouteCatalogueDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RouteCatalogueDocument>(utf8Json, Options);
        }
        catch (JsonException exception)
        {
            throw new InvalidRouteCatalogueException([$"not a valid route catalogue: {exception.Message}"]);
        }

        if (document is null)
        {
            throw new InvalidRouteCatalogueException(["the catalogue is empty"]);
        }

        var problems = RouteCatalogueValidator.Validate(document);
        return problems.Count == 0 ? document : throw new InvalidRouteCatalogueException(problems);
    }

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>The route catalogue failed validation; <see cref="Problems"/> says where.</summary>
public sealed class InvalidRouteCatalogueException(IReadOnlyList<string> problems)
    : Exception("The route catalogue is invalid: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
