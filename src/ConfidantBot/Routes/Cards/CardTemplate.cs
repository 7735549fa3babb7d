using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConfidantBot.Routes.Cards;

/// <summary>
/// Fills an Adaptive Card template from <c>Routes/Cards</c>. The template is parsed as JSON and only
/// string values are rewritten, so any value (quotes, braces, newlines) stays correctly escaped.
/// <list type="bullet">
/// <item><c>${name}</c> is a value from <see cref="CardValues"/>; <c>${t:key}</c> is a UI text.</item>
/// <item>An array element <c>{"$list":"name"}</c> is replaced by the nodes of that list.</item>
/// <item>An object with <c>"$when":"name"</c> stays only when that condition is set.</item>
/// </list>
/// A placeholder without a value is a mistake in code or template and throws.
/// </summary>
public static partial class CardTemplate
{
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal);
    private static readonly Lock TemplatesLock = new();

    public static JsonNode Bind(string templateName, CardValues values, CultureInfo culture)
    {
        var template = JsonNode.Parse(Source(templateName))
            ?? throw new InvalidOperationException($"The card template {templateName} is empty.");
        return BindNode(template, values, culture)
            ?? throw new InvalidOperationException($"The card template {templateName} bound to nothing.");
    }

    private static string Source(string templateName)
    {
        lock (TemplatesLock)
        {
            if (!Templates.TryGetValue(templateName, out var source))
            {
                source = System.Text.Encoding.UTF8.GetString(EmbeddedResources.Read($"Cards.{templateName}.json"));
                Templates[templateName] = source;
            }

            return source;
        }
    }

    private static JsonNode? BindNode(JsonNode node, CardValues values, CultureInfo culture) => node switch
    {
        JsonObject obj => BindObject(obj, values, culture),
        JsonArray array => BindArray(array, values, culture),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Fill(text, values, culture)),
        _ => node.DeepClone(),
    };

    private static JsonObject? BindObject(JsonObject obj, CardValues values, CultureInfo culture)
    {
        if (obj["$when"] is JsonValue condition && !values.Has(condition.GetValue<string>()))
        {
            return null;
        }

        var bound = new JsonObject();
        foreach (var (name, child) in obj)
        {
            if (name == "$when")
            {
                continue;
            }

            bound[name] = child is null ? null : BindNode(child, values, culture);
        }

        return bound;
    }

    private static JsonArray BindArray(JsonArray array, CardValues values, CultureInfo culture)
    {
        var bound = new JsonArray();
        foreach (var item in array)
        {
            if (item is JsonObject { Count: 1 } marker && marker["$list"] is JsonValue listName)
            {
                foreach (var listItem in values.List(listName.GetValue<string>()))
                {
                    bound.Add(listItem.DeepClone());
                }

                continue;
            }

            if (item is not null && BindNode(item, values, culture) is { } boundItem)
            {
                bound.Add(boundItem);
            }
        }

        return bound;
    }

    private static string Fill(string text, CardValues values, CultureInfo culture) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            return name.StartsWith("t:", StringComparison.Ordinal)
                ? GuideTexts.Get(culture, name[2..])
                : values.Text(name);
        });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9_.:]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>The values one card is bound with: texts, lists of bound nodes and conditions.</summary>
public sealed class CardValues
{
    private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<JsonNode>> lists = new(StringComparer.Ordinal);
    private readonly HashSet<string> conditions = new(StringComparer.Ordinal);

    public CardValues Set(string name, string value)
    {
        texts[name] = value;
        return this;
    }

    public CardValues SetList(string name, IEnumerable<JsonNode> items)
    {
        lists[name] = [.. items];
        return this;
    }

    public CardValues When(string condition, bool holds = true)
    {
        if (holds)
        {
            conditions.Add(condition);
        }

        return this;
    }

    internal bool Has(string condition) => conditions.Contains(condition);

    internal string Text(string name) => texts.TryGetValue(name, out var value)
        ? value
        : throw new InvalidOperationException($"The card placeholder ${{{name}}} has no value.");

    internal IReadOnlyList<JsonNode> List(string name) => lists.TryGetValue(name, out var items)
        ? items
        : throw new InvalidOperationException($"The card list {name} has no value.");
}
