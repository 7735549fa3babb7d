using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConfidantBot.Tests.Privacy;

/// <summary>One sentence-bearing text the bot shows: its id (the same in nl and en), language and words.</summary>
internal sealed record PrivacyText(string Id, string Language, string Text);

/// <summary>A claim of <c>docs/privacy.md</c>: what kinds of promise it covers and the tests that prove it.</summary>
internal sealed record PrivacyClaim(string Id, IReadOnlySet<string> Covers, IReadOnlyList<string> Tests);

/// <summary>
/// The words that make a sentence a privacy promise, by kind, in Dutch and English. A text that
/// uses them must rely on claims that cover every kind it uses.
/// </summary>
internal static partial class PrivacyVocabulary
{
    public static readonly IReadOnlyDictionary<string, Regex> Kinds = new Dictionary<string, Regex>(StringComparer.Ordinal)
    {
        ["kept"] = Kept(),
        ["deleted"] = Deleted(),
        ["encrypted"] = Encrypted(),
        ["who-sees"] = WhoSees(),
        ["identity"] = Identity(),
        ["logs"] = Logs(),
        ["confidential"] = Confidential(),
        ["protected"] = Protected(),
    };

    /// <summary>
    /// The kinds a route fact can carry on its own source (a route's receiver keeps a name secret,
    /// protects, sees or recognises someone); what the bot deletes, encrypts or logs always needs a claim.
    /// </summary>
    public static readonly IReadOnlySet<string> RouteFactKinds = new HashSet<string>(StringComparer.Ordinal) { "confidential", "protected", "identity", "who-sees", "kept" };

    public static IReadOnlySet<string> KindsIn(string text)
        => Kinds.Where(kind => kind.Value.IsMatch(text)).Select(kind => kind.Key).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\b(bewaar\w*|opgeslagen|opslaan|keeps?|kept|stored?|stores|storing|saved?)\b|\bsla\b[^.]{0,25}\bop\b", RegexOptions.IgnoreCase)]
    private static partial Regex Kept();

    [GeneratedRegex(@"\b(gewist|wis|wissen|verwijder\w*|delete[sd]?|deleting|erase[sd]?|erasing)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Deleted();

    [GeneratedRegex(@"\b(versleutel\w*|encrypt\w*|sealed|sleutel\w*|keys?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Encrypted();

    [GeneratedRegex(@"\b(niemand|nobody|no one|ziet|sees|meeleest)\b|te zien krijgt|will see|reads? along", RegexOptions.IgnoreCase)]
    private static partial Regex WhoSees();

    [GeneratedRegex(@"\b(anoniem\w*|anonym\w*|identiteit|identity|identities|herken\w*|recogni\w*|identif\w*|onherleidbare?|untraceable)\b|\b(je|jouw|your|eigen|own|echte|real) (naam|name)\b|teams-account|teams account|\b(je|your) e-?mail", RegexOptions.IgnoreCase)]
    private static partial Regex Identity();

    [GeneratedRegex(@"\b(gelogd|logbestand\w*|log files?|logs|logged)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Logs();

    [GeneratedRegex(@"\b(\w*vertrouwelijk\w*|\w*geheim\w*|zwijg\w*|confidential\w*|secret|secrets|secrecy)\b|in vertrouwen|in confidence|to themselves", RegexOptions.IgnoreCase)]
    private static partial Regex Confidential();

    [GeneratedRegex(@"\b(\w*bescherm\w*|protect\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Protected();
}

/// <summary>
/// Every text the bot or its pages show, read from the repository as it is: the features'
/// <c>Texts/strings*.{nl,en}.json</c>, the literal words in card templates, the local pages
/// (<c>wwwroot</c>: the chat page and the confidant page) and the invitation template.
/// </summary>
internal static partial class PrivacyTextSources
{
    public static string RepositoryRoot { get; } = typeof(PrivacyTextSources).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    public static IReadOnlyList<PrivacyText> Collect(string root)
    {
        var app = Path.Combine(root, "src", "ConfidantBot");
        var texts = new List<PrivacyText>();
        foreach (var file in Directory.GetFiles(app, "strings*.json", SearchOption.AllDirectories).Where(file => Path.GetFileName(Path.GetDirectoryName(file)) == "Texts"))
        {
            var feature = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!;
            var language = Path.GetFileNameWithoutExtension(file)[^2..];
            foreach (var (key, value) in JsonNode.Parse(File.ReadAllText(file))!.AsObject())
            {
                texts.Add(new PrivacyText($"{feature}:{key}", language, value!.GetValue<string>()));
            }
        }

        foreach (var file in Directory.GetFiles(app, "*.json", SearchOption.AllDirectories).Where(file => Path.GetFileName(Path.GetDirectoryName(file)) == "Cards"))
        {
            CardTexts(Relative(app, file), JsonNode.Parse(File.ReadAllText(file)), "", texts);
        }

        foreach (var file in Directory.GetFiles(app, "*.json", SearchOption.AllDirectories).Where(file => Path.GetFileName(Path.GetDirectoryName(file)) == "Data" && file.Contains($"{Path.DirectorySeparatorChar}Routes{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            DataTexts(Relative(app, file), JsonNode.Parse(File.ReadAllText(file)), "", texts);
        }

        foreach (var file in Directory.GetFiles(Path.Combine(app, "wwwroot"), "*.js"))
        {
            foreach (Match property in ScriptText().Matches(File.ReadAllText(file)))
            {
                texts.Add(new PrivacyText($"{Relative(app, file)}:{property.Groups["name"].Value}", "page", property.Groups["text"].Value));
            }
        }

        foreach (var file in Directory.GetFiles(app, "*.html", SearchOption.AllDirectories).Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !file.Contains("ClientApp", StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadLines(file))
            {
                var words = Markup().Replace(line, " ").Trim();
                if (words.Length > 0)
                {
                    texts.Add(new PrivacyText($"{Relative(app, file)}:{Slug(words)}", "page", words));
                }
            }
        }

        return texts;
    }

    /// <summary>The card properties a person reads; ids, conditions and submit data are not text.</summary>
    private static readonly HashSet<string> ShownProperties = ["text", "title", "value", "placeholder", "label", "errorMessage", "altText", "fallbackText"];

    /// <summary>An id for a line without a key: its first six words, so a rewritten sentence is looked at again.</summary>
    public static string Slug(string words)
        => string.Join('-', NotAWord().Split(Placeholder().Replace(words, " ").ToLowerInvariant()).Where(word => word.Length > 0).Take(6));

    /// <summary>Route data a person reads: every object with an <c>nl</c> and an <c>en</c> text, by its path (list items by their id). Legal bases are the sources, not claims.</summary>
    private static void DataTexts(string file, JsonNode? node, string path, List<PrivacyText> texts)
    {
        switch (node)
        {
            case JsonObject text when text["nl"] is JsonValue nl && text["en"] is JsonValue en && nl.TryGetValue<string>(out var dutch) && en.TryGetValue<string>(out var english):
                texts.Add(new PrivacyText($"{file}:{path}", "nl", dutch));
                texts.Add(new PrivacyText($"{file}:{path}", "en", english));
                break;
            case JsonObject data:
                foreach (var (name, value) in data.Where(pair => pair.Key != "legalBasis"))
                {
                    DataTexts(file, value, path.Length == 0 ? name : $"{path}.{name}", texts);
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i] is JsonObject entry && entry["id"] is JsonValue id && id.TryGetValue<string>(out var name) ? name : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    DataTexts(file, list[i], path == "routes" ? item : $"{path}[{item}]", texts);
                }

                break;
        }
    }

    private static void CardTexts(string file, JsonNode? node, string path, List<PrivacyText> texts)
    {
        switch (node)
        {
            case JsonObject card:
                foreach (var (name, value) in card.Where(pair => pair.Key != "data" && (pair.Value is not JsonValue || ShownProperties.Contains(pair.Key))))
                {
                    CardTexts(file, value, $"{path}/{name}", texts);
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    CardTexts(file, list[i], $"{path}/{i}", texts);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && Placeholder().Replace(text, "").Trim().Length > 0:
                texts.Add(new PrivacyText($"{file}:{path}", "card", text));
                break;
        }
    }

    private static string Relative(string app, string file) => Path.GetRelativePath(app, file).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>A text property of a page script's TEXT table: <c>name: 'words'</c> or <c>name: n =&gt; `words`</c>.</summary>
    [GeneratedRegex(@"^\s*'?(?<name>[\w-]+)'?:\s*(?:\w+\s*=>\s*)?(?<quote>['`])(?<text>.*?)\k<quote>,?\s*$", RegexOptions.Multiline)]
    private static partial Regex ScriptText();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\$\{[^}]*\}|\{\{[^}]*\}\}|\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NotAWord();
}

/// <summary>
/// The claims table of <c>docs/privacy.md</c>, once in Dutch and once in English:
/// <c>| `claim-id` | kinds it covers | the claim | `Test.Class`, `Test.Class.Method…` |</c>.
/// </summary>
internal static partial class PrivacyClaimsDocument
{
    public const string DutchHeading = "### Claims en de tests die ze bewijzen";
    public const string EnglishHeading = "### Claims and the tests that prove them";

    public static IReadOnlyDictionary<string, PrivacyClaim> Parse(string markdown, List<string> problems)
    {
        var dutch = Section(markdown, DutchHeading, problems);
        var english = Section(markdown, EnglishHeading, problems);
        foreach (var id in dutch.Keys.Except(english.Keys))
        {
            problems.Add($"docs/privacy.md: claim '{id}' is in the Dutch table but not in the English one.");
        }

        foreach (var id in english.Keys.Except(dutch.Keys))
        {
            problems.Add($"docs/privacy.md: claim '{id}' is in the English table but not in the Dutch one.");
        }

        foreach (var (id, claim) in dutch)
        {
            if (english.TryGetValue(id, out var other) && (!claim.Covers.SetEquals(other.Covers) || !claim.Tests.SequenceEqual(other.Tests)))
            {
                problems.Add($"docs/privacy.md: claim '{id}' names other kinds or tests in Dutch than in English.");
            }
        }

        return dutch;
    }

    private static Dictionary<string, PrivacyClaim> Section(string markdown, string heading, List<string> problems)
    {
        var claims = new Dictionary<string, PrivacyClaim>(StringComparer.Ordinal);
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            problems.Add($"docs/privacy.md has no section '{heading}'.");
            return claims;
        }

        var end = markdown.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        foreach (Match row in ClaimRow().Matches(markdown[start..(end < 0 ? markdown.Length : end)]))
        {
            var covers = row.Groups["covers"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(kind => kind != "—").ToHashSet(StringComparer.Ordinal);
            foreach (var kind in covers.Where(kind => !PrivacyVocabulary.Kinds.ContainsKey(kind)))
            {
                problems.Add($"docs/privacy.md: claim '{row.Groups["id"].Value}' covers '{kind}', which is not a kind of promise ({string.Join(", ", PrivacyVocabulary.Kinds.Keys)}).");
            }

            var tests = Quoted().Matches(row.Groups["tests"].Value).Select(test => test.Groups[1].Value).ToList();
            if (tests.Count == 0)
            {
                problems.Add($"docs/privacy.md: claim '{row.Groups["id"].Value}' names no test.");
            }

            if (!claims.TryAdd(row.Groups["id"].Value, new PrivacyClaim(row.Groups["id"].Value, covers, tests)))
            {
                problems.Add($"docs/privacy.md: claim '{row.Groups["id"].Value}' appears twice under '{heading}'.");
            }
        }

        if (claims.Count == 0)
        {
            problems.Add($"docs/privacy.md: no claims under '{heading}'.");
        }

        return claims;
    }

    [GeneratedRegex(@"^\| `(?<id>[a-z0-9-]+)` \| (?<covers>[^|]*) \| [^|]+ \| (?<tests>[^|]+) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex ClaimRow();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Quoted();
}

/// <summary>
/// The check itself: every text with privacy words is mapped (to claims that cover every kind of
/// promise it makes, or to "none: why this is no promise of the bot"); every mapped claim is in
/// <c>docs/privacy.md</c>; every test a claim names exists; no mapping points at a text that is gone.
/// </summary>
internal sealed class PrivacyTextClaimsChecker(
    IReadOnlyList<PrivacyText> texts,
    JsonObject map,
    IReadOnlyDictionary<string, PrivacyClaim> claims,
    Func<string, bool> testExists,
    Func<string, string, string?>? sourceProblem = null)
{
    public const string NoClaimPrefix = "none: ";

    public List<string> Problems()
    {
        var problems = new List<string>();
        var mapped = map["texts"]?.AsObject() ?? [];
        foreach (var text in texts.GroupBy(text => text.Id, StringComparer.Ordinal))
        {
            var kinds = text.SelectMany(each => PrivacyVocabulary.KindsIn(each.Text)).ToHashSet(StringComparer.Ordinal);
            if (kinds.Count == 0)
            {
                continue;
            }

            var sample = text.First().Text;
            if (!mapped.TryGetPropertyValue(text.Key, out var entry) || entry is null)
            {
                problems.Add($"'{text.Key}' promises something about privacy ({string.Join(", ", kinds.Order(StringComparer.Ordinal))}) but docs/privacy-text-claims.json does not map it to a claim: \"{sample}\"");
                continue;
            }

            var isRouteData = text.Key.Contains("/Data/", StringComparison.Ordinal);
            if (entry is JsonValue reason && reason.TryGetValue<string>(out var why))
            {
                if (isRouteData)
                {
                    problems.Add($"'{text.Key}' is route knowledge: map it to {{ \"source\": \"legalBasis: <words of the route's legal basis>\" or \"Routes/README.md: <words of a checked fact>\" }}, with \"claims\" for what it says about the bot; \"none\" is not a source.");
                }
                else if (!why.StartsWith(NoClaimPrefix, StringComparison.Ordinal) || why.Length < NoClaimPrefix.Length + 20)
                {
                    problems.Add($"'{text.Key}': a text that relies on no claim needs \"{NoClaimPrefix}<why this promises nothing about the bot>\".");
                }

                continue;
            }

            var covered = new HashSet<string>(StringComparer.Ordinal);
            var ids = new List<string>();
            if (entry is JsonObject sourced)
            {
                if (sourced["claims"] is JsonArray sourcedClaims)
                {
                    ids.AddRange(sourcedClaims.Select(id => id!.GetValue<string>()));
                }

                if (sourced["source"] is JsonValue sourceValue && sourceValue.TryGetValue<string>(out var source))
                {
                    if ((sourceProblem ?? NoSources)(text.Key, source) is { } problem)
                    {
                        problems.Add($"'{text.Key}': {problem}");
                    }
                    else
                    {
                        covered.UnionWith(PrivacyVocabulary.RouteFactKinds);
                    }
                }
                else if (ids.Count == 0)
                {
                    problems.Add($"'{text.Key}': an entry with neither \"source\" nor \"claims\" relies on nothing.");
                }
            }
            else
            {
                ids.AddRange(entry.AsArray().Select(id => id!.GetValue<string>()));
            }

            foreach (var id in ids.Where(id => !claims.ContainsKey(id)))
            {
                problems.Add($"'{text.Key}' relies on claim '{id}', which docs/privacy.md does not list.");
            }

            covered.UnionWith(ids.Where(claims.ContainsKey).SelectMany(id => claims[id].Covers));
            foreach (var kind in kinds.Where(kind => !covered.Contains(kind)).Order(StringComparer.Ordinal))
            {
                var saying = text.First(each => PrivacyVocabulary.Kinds[kind].IsMatch(each.Text)).Text;
                var relied = string.Join(", ", ids.Concat(entry is JsonObject { } withSource && withSource["source"] is not null ? ["source"] : []));
                problems.Add($"'{text.Key}' says something of kind '{kind}' that none of its claims ({relied}) covers: \"{saying}\"");
            }
        }

        var known = texts.Select(text => text.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, _) in mapped.Where(entry => !known.Contains(entry.Key)))
        {
            problems.Add($"docs/privacy-text-claims.json maps '{id}', a text that no longer exists.");
        }

        foreach (var claim in claims.Values)
        {
            foreach (var test in claim.Tests.Where(test => !testExists(test)))
            {
                problems.Add($"docs/privacy.md: claim '{claim.Id}' names test '{test}', which does not exist.");
            }
        }

        return problems;
    }

    /// <summary>
    /// Whether a test a claim names exists in this test assembly: <c>Class</c>, <c>Class.Method</c>,
    /// or <c>Class.MethodStart…</c> for a long name.
    /// </summary>
    public static bool TestExists(Assembly assembly, string reference)
    {
        var parts = reference.Split('.', 2);
        var types = assembly.GetTypes().Where(type => type.Name == parts[0]).ToList();
        if (parts.Length == 1)
        {
            return types.Any(type => Tests(type).Any());
        }

        var prefix = parts[1].EndsWith('…');
        var name = parts[1].TrimEnd('…');
        return types.SelectMany(Tests).Any(method => prefix ? method.Name.StartsWith(name, StringComparison.Ordinal) : method.Name == name);
    }

    private static IEnumerable<MethodInfo> Tests(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(method => method.GetCustomAttributes<Xunit.FactAttribute>(inherit: true).Any());

    private static string? NoSources(string textId, string source) => "no source can be checked here.";

    public static JsonObject ReadMap(string root)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(root, "docs", "privacy-text-claims.json")), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
}

/// <summary>
/// Where a route fact comes from, checked against the repository: a route's own legal basis
/// (<c>legalBasis: words</c>, found in a <c>legalBasis</c> entry of the route the text belongs to,
/// or of every route an advice reason is given for), or a fact checked against its source
/// (<c>Routes/README.md: words</c>, found in that list). ROUTES.md itself is not in the repository,
/// so it cannot be cited here: what the catalogue took from it carries its legal basis.
/// </summary>
internal sealed class RouteFactSources(string root)
{
    private const string LegalBasis = "legalBasis: ";
    private const string CheckedFacts = "Routes/README.md: ";

    private readonly string _app = Path.Combine(root, "src", "ConfidantBot");
    private readonly Lazy<JsonArray> _routes = new(() => JsonNode.Parse(File.ReadAllText(Path.Combine(root, "src", "ConfidantBot", "Routes", "Data", "routes.json")))!["routes"]!.AsArray());
    private readonly Lazy<JsonNode> _rules = new(() => JsonNode.Parse(File.ReadAllText(Path.Combine(root, "src", "ConfidantBot", "Routes", "Data", "advice-rules.json")))!);

    /// <summary>Null when the source holds; otherwise what is wrong with it.</summary>
    public string? Problem(string textId, string source)
    {
        if (source.StartsWith(CheckedFacts, StringComparison.Ordinal))
        {
            var words = source[CheckedFacts.Length..].Trim();
            return words.Length >= 10 && File.ReadAllText(Path.Combine(_app, "Routes", "README.md")).Contains(words, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"the source \"{source}\" is not in src/ConfidantBot/Routes/README.md (quote at least 10 characters of a checked fact).";
        }

        if (source.StartsWith(LegalBasis, StringComparison.Ordinal))
        {
            var words = source[LegalBasis.Length..].Trim();
            var routes = RoutesOf(textId);
            if (routes.Count == 0)
            {
                return $"\"{LegalBasis}…\" needs a text of a route or of an advice reason; '{textId}' is neither.";
            }

            // "A | B": each route cites one of them (confidant routes rest on different laws).
            var alternatives = words.Split(" | ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var without = routes.Where(route => !LegalBasisOf(route).Any(basis => alternatives.Any(words => words.Length >= 5 && basis.Contains(words, StringComparison.OrdinalIgnoreCase)))).ToList();
            return without.Count == 0 ? null : $"the legal basis of {string.Join(", ", without)} does not say \"{words}\".";
        }

        return $"the source \"{source}\" is neither \"{LegalBasis}<words>\" nor \"{CheckedFacts}<words>\".";
    }

    /// <summary>The route a route text belongs to, or every route an advice reason is given for.</summary>
    private List<string> RoutesOf(string textId)
    {
        var (file, path) = (textId.Split(':', 2)[0], textId.Split(':', 2)[1]);
        if (file.EndsWith("routes.json", StringComparison.Ordinal))
        {
            return [path.Split('.')[0]];
        }

        if (file.EndsWith("advice-rules.json", StringComparison.Ordinal) && path.StartsWith("reasons.", StringComparison.Ordinal))
        {
            var reason = path["reasons.".Length..];
            return [.. _rules.Value["rules"]!.AsArray()
                .SelectMany(rule => rule!["add"]!.AsObject())
                .Where(add => add.Value?["reason"]?.GetValue<string>() == reason)
                .Select(add => add.Key)
                .Distinct(StringComparer.Ordinal)];
        }

        return [];
    }

    private IEnumerable<string> LegalBasisOf(string routeId)
        => _routes.Value.Where(route => route!["id"]!.GetValue<string>() == routeId)
            .SelectMany(route => route!["legalBasis"]?.AsArray() ?? [])
            .SelectMany(basis => new[] { basis!["nl"]?.GetValue<string>(), basis!["en"]?.GetValue<string>() })
            .OfType<string>();
}
