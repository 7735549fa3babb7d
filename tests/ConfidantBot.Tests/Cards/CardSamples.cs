using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConfidantBot.BotFramework.Schema;
using ConfidantBot.Presentation;

namespace ConfidantBot.Tests.Cards;

/// <summary>One card template of the app: <c>src/ConfidantBot/{Feature}/Cards/{Name}.json</c>.</summary>
public sealed record CardTemplate(string Feature, string Name, bool IsWholeCard)
{
    public string Key => $"{Feature}/{Name}";

    public override string ToString() => Key;
}

/// <summary>A whole card of one sample in one language, bound through the app's own <see cref="CardTemplates"/>.</summary>
public sealed record BoundSample(string Template, string Variant, CultureInfo Culture, Attachment Card, IReadOnlySet<string> ItemTemplates)
{
    public string Name => $"{Template} [{Variant}] {Culture.Name}";

    public override string ToString() => Name;
}

/// <summary>
/// The representative data of every card template, kept as one JSON file per whole card in
/// <c>tests/ConfidantBot.Tests/Cards/Samples/{Feature}/{template}.json</c> (the format is described in
/// <c>Cards/Samples/README.md</c>). Templates are discovered from the app's embedded resources, so a
/// new template without a sample file fails <see cref="CardSampleTests"/> and the Web Chat render test.
/// </summary>
public static class CardSamples
{
    public const string SampleFolderInRepository = "tests/ConfidantBot.Tests/Cards/Samples";

    public static readonly IReadOnlyList<CultureInfo> Languages = [Locales.Dutch, Locales.English];

    private static readonly Lazy<IReadOnlyList<BoundSample>> All = new(() => [.. Languages.SelectMany(BindAll)]);

    /// <summary>Every card template compiled into the app (<c>ConfidantBot.{Feature}.Cards.{name}.json</c>).</summary>
    public static IReadOnlyList<CardTemplate> Templates() =>
        [.. AppResources.NamesEndingWith(".json")
            .Select(name => name[..^".json".Length].Split('.'))
            .Where(parts => parts.Length == 3 && parts[1] == "Cards")
            .Select(parts => new CardTemplate(parts[0], parts[2], IsWholeCard(parts[0], parts[2])))
            .OrderBy(template => template.Key, StringComparer.Ordinal)];

    /// <summary>The sample files, as <c>Feature/name</c>.</summary>
    public static IReadOnlyList<string> SampleFiles() =>
        Directory.Exists(SampleRoot)
            ? [.. Directory.EnumerateFiles(SampleRoot, "*.json", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(SampleRoot, path).Replace('\\', '/')[..^".json".Length])
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Every variant of every sample file, bound in Dutch and in English.</summary>
    public static IReadOnlyList<BoundSample> Bound() => All.Value;

    public static string SamplePathFor(CardTemplate template) => $"{SampleFolderInRepository}/{template.Feature}/{template.Name}.json";

    private static string SampleRoot => Path.Combine(AppContext.BaseDirectory, "Cards", "Samples");

    private static bool IsWholeCard(string feature, string name)
    {
        using var template = JsonDocument.Parse(AppResources.Read($"{feature}.Cards.{name}.json"));
        return template.RootElement.TryGetProperty("type", out var type) && type.GetString() == "AdaptiveCard";
    }

    private static IEnumerable<BoundSample> BindAll(CultureInfo culture)
    {
        foreach (var key in SampleFiles())
        {
            var feature = key.Split('/')[0];
            var name = key.Split('/')[1];
            var file = JsonNode.Parse(File.ReadAllText(Path.Combine(SampleRoot, feature, name + ".json")))!.AsObject();
            var variants = file["variants"] is JsonArray list ? list.Select(v => v!.AsObject()).ToList() : [file];
            foreach (var variant in variants)
            {
                var used = new HashSet<string>(StringComparer.Ordinal);
                var variantName = (string?)variant["name"] ?? "default";
                Attachment card;
                try
                {
                    card = CardTemplates.Card(feature, name, Values(feature, variant, culture, used), culture);
                }
                catch (Exception exception) when (exception is InvalidOperationException or FormatException or KeyNotFoundException)
                {
                    throw new InvalidOperationException($"The sample {SampleFolderInRepository}/{key}.json [{variantName}] does not bind in {culture.Name}: {exception.Message}", exception);
                }

                yield return new BoundSample(key, variantName, culture, card, used);
            }
        }
    }

    /// <summary>Reads <c>values</c>, <c>when</c> and <c>lists</c> of one sample (or list item) into the app's <see cref="CardValues"/>.</summary>
    private static CardValues Values(string feature, JsonObject sample, CultureInfo culture, HashSet<string> used)
    {
        var values = new CardValues();
        foreach (var (name, value) in sample["values"]?.AsObject() ?? [])
        {
            values.Set(name, Text(value, culture));
        }

        foreach (var condition in sample["when"]?.AsArray() ?? [])
        {
            values.When((string)condition!);
        }

        foreach (var (name, items) in sample["lists"]?.AsObject() ?? [])
        {
            var elements = new List<JsonElement>();
            foreach (var item in items!.AsArray())
            {
                var localised = Localised(item, culture);
                if (localised is JsonObject itemObject && (string?)itemObject["$template"] is { } itemTemplate)
                {
                    var (itemFeature, itemName) = itemTemplate.Contains('/', StringComparison.Ordinal)
                        ? (itemTemplate.Split('/')[0], itemTemplate.Split('/')[1])
                        : (feature, itemTemplate);
                    used.Add($"{itemFeature}/{itemName}");
                    elements.Add(CardTemplates.Bind(itemFeature, itemName, Values(itemFeature, itemObject, culture, used), culture));
                }
                else
                {
                    elements.Add(JsonSerializer.SerializeToElement(localised));
                }
            }

            values.SetList(name, elements);
        }

        return values;
    }

    /// <summary>A value: a string, <c>{"nl":…,"en":…}</c>, or <c>{"t":"text.key","args":[…]}</c> (a text of the app, formatted).</summary>
    private static string Text(JsonNode? value, CultureInfo culture) => Localised(value, culture) switch
    {
        JsonValue text => (string)text!,
        JsonObject { Count: > 0 } reference when (string?)reference["t"] is { } key =>
            Texts.Format(culture, key, [.. (reference["args"]?.AsArray() ?? []).Select(arg => Localised(arg, culture)).Select(arg => (object?)(arg is JsonValue v && v.TryGetValue<long>(out var n) ? n : (string?)arg))]),
        var other => throw new InvalidOperationException($"A sample value must be a string, {{\"nl\":…,\"en\":…}} or {{\"t\":\"key\"}}; found {other?.ToJsonString()}."),
    };

    /// <summary>An object with exactly the keys <c>nl</c> and <c>en</c> stands for the one of the culture's language.</summary>
    private static JsonNode? Localised(JsonNode? node, CultureInfo culture) =>
        node is JsonObject { Count: 2 } both && both.ContainsKey("nl") && both.ContainsKey("en")
            ? both[Locales.IsEnglish(culture) ? "en" : "nl"]
            : node;
}
