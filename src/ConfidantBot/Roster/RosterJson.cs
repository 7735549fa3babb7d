using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ConfidantBot.Roster;

/// <summary>Where an import went wrong: the list, the 1-based entry and its id (when known), the field and a text code.</summary>
public sealed record RosterImportError(string Code, string? Section = null, int? EntryIndex = null, string? EntryId = null, string? Field = null, int? Line = null);

/// <summary>
/// The roster's exchange format for export and import: one JSON document with the confidants and
/// route contacts, without the internal versions (those are concurrency tokens, not data). The
/// export of an imported export is byte for byte the same.
/// </summary>
public static class RosterJson
{
    public const string FormatName = "confidantbot-roster";
    public const int FormatVersion = 1;

    private const string ConfidantsSection = "confidants";
    private const string ContactsSection = "contacts";
    private const string VersionProperty = "version";

    /// <summary>Readable export: indented, accented letters kept as they are (it is shown in a code block, never in HTML).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: true);

    private static readonly JsonSerializerOptions Compact = CreateOptions(indented: false);

    public static string Export(RosterDocument roster, bool indented = true)
    {
        var root = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            [ConfidantsSection] = new JsonArray([.. roster.Confidants.Select(confidant => WithoutVersion(JsonSerializer.SerializeToNode(confidant, Options)))]),
            [ContactsSection] = new JsonArray([.. roster.Contacts.Select(contact => WithoutVersion(JsonSerializer.SerializeToNode(contact, Options)))]),
        };
        return root.ToJsonString(indented ? Options : Compact);
    }

    /// <summary>Reads an export. Only the shape is checked here; the roster rules are checked by <see cref="RosterStore.ThrowIfInvalid(RosterDocument)"/>.</summary>
    public static bool TryParse(string? text, out RosterDocument roster, out RosterImportError? error)
    {
        roster = RosterDocument.Empty;
        error = null;
        var json = StripCodeFence(text);
        if (json.Length == 0)
        {
            error = new RosterImportError("import-empty");
            return false;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException exception)
        {
            error = new RosterImportError("import-json", Line: (int?)exception.LineNumber + 1);
            return false;
        }

        if (root is not JsonObject document || document[ConfidantsSection] is not JsonArray confidantNodes)
        {
            error = new RosterImportError("import-shape", Field: ConfidantsSection);
            return false;
        }

        if (document["format"] is { } format && (format.GetValueKind() != JsonValueKind.String || format.GetValue<string>() != FormatName))
        {
            error = new RosterImportError("import-shape", Field: "format");
            return false;
        }

        var contactNodes = document[ContactsSection] as JsonArray ?? [];
        if (document[ContactsSection] is { } contactsNode && contactsNode is not JsonArray)
        {
            error = new RosterImportError("import-shape", Field: ContactsSection);
            return false;
        }

        var confidants = new List<Confidant>();
        for (var index = 0; index < confidantNodes.Count; index++)
        {
            if (!TryReadEntry(confidantNodes[index], ConfidantsSection, index, "id", out Confidant? confidant, out error))
            {
                return false;
            }

            confidants.Add(confidant!);
        }

        var contacts = new List<RouteContact>();
        for (var index = 0; index < contactNodes.Count; index++)
        {
            if (!TryReadEntry(contactNodes[index], ContactsSection, index, "key", out RouteContact? contact, out error))
            {
                return false;
            }

            contacts.Add(contact!);
        }

        roster = new RosterDocument(confidants, contacts);
        return true;
    }

    /// <summary>The field name an import error shows for a validator field (<c>BioNl</c> → <c>bio.nl</c>).</summary>
    public static string JsonFieldName(string field) => field switch
    {
        "BioNl" => "bio.nl",
        "BioEn" => "bio.en",
        "NameNl" => "name.nl",
        "NameEn" => "name.en",
        "NoteNl" => "note.nl",
        "NoteEn" => "note.en",
        _ => JsonNamingPolicy.CamelCase.ConvertName(field),
    };

    /// <summary>Same data, whatever the versions (records compare their lists by reference, so compare the JSON).</summary>
    public static bool ContentEquals<T>(T left, T right)
        where T : class
        => JsonNode.DeepEquals(WithoutVersion(JsonSerializer.SerializeToNode(left, Compact)), WithoutVersion(JsonSerializer.SerializeToNode(right, Compact)));

    private static bool TryReadEntry<T>(JsonNode? node, string section, int index, string idProperty, out T? entry, out RosterImportError? error)
        where T : class
    {
        entry = null;
        error = null;
        if (node is not JsonObject entryObject)
        {
            error = new RosterImportError("import-shape", section, index + 1);
            return false;
        }

        var id = entryObject[idProperty] is JsonValue idValue && idValue.TryGetValue<string>(out var text) ? text : null;
        var typeInfo = Options.GetTypeInfo(typeof(T));
        var known = typeInfo.Properties.ToDictionary(property => property.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in entryObject)
        {
            if (!known.ContainsKey(name))
            {
                error = new RosterImportError("unknown-field", section, index + 1, id, name);
                return false;
            }
        }

        foreach (var property in typeInfo.Properties.Where(property => property.IsRequired))
        {
            if (entryObject.FirstOrDefault(pair => string.Equals(pair.Key, property.Name, StringComparison.OrdinalIgnoreCase)).Value is null)
            {
                error = new RosterImportError("required", section, index + 1, id, property.Name);
                return false;
            }
        }

        try
        {
            entry = entryObject.Deserialize<T>(Options);
        }
        catch (JsonException exception)
        {
            error = new RosterImportError("invalid-value", section, index + 1, id, FieldFromPath(exception.Path));
            return false;
        }

        if (entry is null)
        {
            error = new RosterImportError("import-shape", section, index + 1, id);
            return false;
        }

        return true;
    }

    // "$.consultationHours[0].start" → "consultationHours"
    private static string? FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var rest = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var end = rest.IndexOfAny(['.', '[']);
        return end > 0 ? rest[..end] : rest;
    }

    private static JsonNode? WithoutVersion(JsonNode? node)
    {
        if (node is JsonObject entry)
        {
            entry.Remove(VersionProperty);
        }

        return node;
    }

    // HR may paste the whole exported message, fence included.
    private static string StripCodeFence(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
            trimmed = firstLineEnd < 0 ? string.Empty : trimmed[(firstLineEnd + 1)..];
            if (trimmed.TrimEnd().EndsWith("```", StringComparison.Ordinal))
            {
                trimmed = trimmed.TrimEnd()[..^3];
            }
        }

        return trimmed.Trim();
    }

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
