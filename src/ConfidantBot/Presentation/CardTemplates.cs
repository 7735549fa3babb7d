using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.Presentation;

/// <summary>
/// Fills an Adaptive Card template (<c>{Feature}/Cards/{name}.json</c>). The template is parsed once
/// and written out again through a <see cref="Utf8JsonWriter"/>; only string values are rewritten,
/// so any value (quotes, braces, newlines) stays correctly escaped.
/// <list type="bullet">
/// <item><c>${name}</c> is a value from <see cref="CardValues"/>; <c>${t:key}</c> is a text from <see cref="Texts"/>.</item>
/// <item>An array element <c>{"$list":"name"}</c> is replaced by the elements of that list.</item>
/// <item>An object with <c>"$when":"name"</c> stays only when that condition is set (as a property value it becomes <c>null</c>).</item>
/// </list>
/// A placeholder without a value is a mistake in code or template and throws.
/// Every template needs representative data in <c>tests/ConfidantBot.Tests/Cards/Samples/</c>, where a
/// test renders it in Web Chat (see <c>Presentation/README.md</c>).
/// </summary>
/// <remarks>
/// Every card of every turn passes through here, so binding writes straight to bytes instead of
/// building a JSON DOM: that was the largest share of the memory a turn allocated.
/// </remarks>
public static class CardTemplates
{
    private const string WhenProperty = "$when";
    private const string ListProperty = "$list";

    private static readonly ConcurrentDictionary<string, JsonElement> Parsed = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static bool t_busy;

    /// <summary>Binds <c>{feature}/Cards/{name}.json</c>, e.g. an item for a list of another card.</summary>
    public static JsonElement Bind(string feature, string name, CardValues values, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(culture);
        var template = Parsed.GetOrAdd($"{feature}.Cards.{name}.json", Load);

        // One buffer and writer per thread, reused: binding never awaits, so nothing else can use them
        // meanwhile (a nested bind, should one ever happen, gets its own).
        var reuse = !t_busy;
        var buffer = reuse ? t_buffer ??= new ArrayBufferWriter<byte>(4096) : new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = reuse ? t_writer ??= new Utf8JsonWriter(buffer) : new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        t_busy = true;
        try
        {
            if (!WriteBound(writer, template, values, culture))
            {
                throw new InvalidOperationException($"The card template {feature}/{name} bound to nothing.");
            }

            writer.Flush();
            return JsonSerializer.Deserialize<JsonElement>(buffer.WrittenSpan);
        }
        finally
        {
            t_busy = !reuse;
            if (!reuse)
            {
                writer.Dispose();
            }
            else if (buffer.Capacity > 256 * 1024)
            {
                // A large card must not keep its buffer alive on this thread for good.
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    /// <summary>Binds a whole card and wraps it as an attachment.</summary>
    public static Attachment Card(string feature, string name, CardValues values, CultureInfo culture)
        => Attachment.AdaptiveCard(Bind(feature, name, values, culture));

    private static JsonElement Load(string resource)
    {
        using var document = JsonDocument.Parse(AppResources.Read(resource));
        return document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? document.RootElement.Clone()
            : throw new InvalidOperationException($"The card template {resource} is not a JSON object.");
    }

    /// <returns>False when the node is an object whose <c>$when</c> condition is not set (nothing was written).</returns>
    private static bool WriteBound(Utf8JsonWriter writer, JsonElement node, CardValues values, CultureInfo culture)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (node.TryGetProperty(WhenProperty, out var condition) && !values.Has(condition.GetString() ?? ""))
                {
                    return false;
                }

                writer.WriteStartObject();
                foreach (var property in node.EnumerateObject())
                {
                    if (property.NameEquals(WhenProperty))
                    {
                        continue;
                    }

                    WritePropertyName(writer, property);
                    if (!WriteBound(writer, property.Value, values, culture))
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndObject();
                return true;

            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in node.EnumerateArray())
                {
                    if (ListName(item) is { } listName)
                    {
                        foreach (var listItem in values.List(listName))
                        {
                            listItem.WriteTo(writer);
                        }

                        continue;
                    }

                    WriteBound(writer, item, values, culture);
                }

                writer.WriteEndArray();
                return true;

            case JsonValueKind.String:
                writer.WriteStringValue(Fill(node.GetString()!, values, culture));
                return true;

            default:
                node.WriteTo(writer);
                return true;
        }
    }

    private static void WritePropertyName(Utf8JsonWriter writer, JsonProperty property)
    {
        // Template names are plain identifiers: their raw bytes are written as they are, without a string per name.
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            writer.WritePropertyName(raw);
        }
        else
        {
            writer.WritePropertyName(property.Name);
        }
    }

    /// <summary>The list an array element <c>{"$list":"name"}</c> stands for, or null for any other element.</summary>
    private static string? ListName(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(ListProperty, out var name))
        {
            return null;
        }

        using var properties = item.EnumerateObject();
        var count = 0;
        while (properties.MoveNext())
        {
            count++;
        }

        return count == 1 ? name.GetString() : null;
    }

    /// <summary>Replaces each <c>${name}</c> (name of letters, digits, <c>_ . : -</c>); anything else stays as written.</summary>
    internal static string Fill(string text, CardValues values, CultureInfo culture)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        StringBuilder? result = null;
        var copied = 0;
        while (start >= 0)
        {
            var end = start + 2;
            while (end < text.Length && IsNameChar(text[end]))
            {
                end++;
            }

            if (end > start + 2 && end < text.Length && text[end] == '}')
            {
                var value = Resolve(text.AsSpan(start + 2, end - start - 2), values, culture);
                if (start == 0 && end == text.Length - 1)
                {
                    return value;
                }

                result ??= new StringBuilder(text.Length + 32);
                result.Append(text, copied, start - copied).Append(value);
                copied = end + 1;
                start = text.IndexOf("${", copied, StringComparison.Ordinal);
            }
            else
            {
                start = text.IndexOf("${", start + 2, StringComparison.Ordinal);
            }
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static string Resolve(ReadOnlySpan<char> name, CardValues values, CultureInfo culture) =>
        name.StartsWith("t:", StringComparison.Ordinal)
            ? Texts.Get(culture, name[2..].ToString())
            : values.Text(name);

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-';
}

/// <summary>The values one card is bound with: texts, lists of bound elements and conditions.</summary>
public sealed class CardValues
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<JsonElement>> _lists = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conditions = new(StringComparer.Ordinal);
    private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> TextLookup => _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    public CardValues Set(string name, string value)
    {
        _texts[name] = value;
        return this;
    }

    /// <summary>A list of bound templates (<see cref="CardTemplates.Bind"/>).</summary>
    public CardValues SetList(string name, IEnumerable<JsonElement> items)
    {
        _lists[name] = [.. items];
        return this;
    }

    /// <summary>A list of elements built in code (e.g. choices of an input).</summary>
    public CardValues SetList(string name, IEnumerable<JsonNode> items)
    {
        _lists[name] = [.. items.Select(item => JsonSerializer.SerializeToElement(item))];
        return this;
    }

    public CardValues When(string condition, bool holds = true)
    {
        if (holds)
        {
            _conditions.Add(condition);
        }

        return this;
    }

    internal bool Has(string condition) => _conditions.Contains(condition);

    internal string Text(ReadOnlySpan<char> name) => TextLookup.TryGetValue(name, out var value)
        ? value
        : throw new InvalidOperationException($"The card placeholder ${{{name}}} has no value.");

    internal IReadOnlyList<JsonElement> List(string name) => _lists.TryGetValue(name, out var items)
        ? items
        : throw new InvalidOperationException($"The card list {name} has no value.");
}
