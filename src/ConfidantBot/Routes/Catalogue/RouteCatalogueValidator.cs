namespace ConfidantBot.Routes.Catalogue;

/// <summary>Every route complete in both languages with its legal basis, ids unique, contact keys present.</summary>
public static class RouteCatalogueValidator
{
    public static IReadOnlyList<string> Validate(RouteCatalogueDocument document)
    {
        var problems = new List<string>();
        if (document.Version < 1)
        {
            problems.Add("version must be 1 or higher");
        }

        if (document.Routes is not { Count: > 0 })
        {
            problems.Add("there are no routes");
            return problems;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in document.Routes)
        {
            ValidateRoute(route, seen, problems);
        }

        return problems;
    }

    private static void ValidateRoute(ReportingRoute route, HashSet<string> seen, List<string> problems)
    {
        var id = string.IsNullOrWhiteSpace(route.Id) ? "(no id)" : route.Id;
        if (id == "(no id)")
        {
            problems.Add("a route has no id");
        }
        else if (!seen.Add(id))
        {
            problems.Add($"{id}: the id is used twice");
        }

        if (string.IsNullOrWhiteSpace(route.Contact))
        {
            problems.Add($"{id}.contact is empty");
        }

        if (route.Audiences is not { Count: > 0 })
        {
            problems.Add($"{id}.audiences is empty");
        }

        if (!Enum.IsDefined(route.Kind))
        {
            problems.Add($"{id}.kind is unknown");
        }

        CheckText(id, "title", route.Title, problems);
        CheckText(id, "summary", route.Summary, problems);
        CheckText(id, "purpose", route.Purpose, problems);
        CheckText(id, "who", route.Who, problems);
        CheckText(id, "afterwards", route.Afterwards, problems);
        CheckText(id, "protection", route.Protection, problems);
        CheckText(id, "risks", route.Risks, problems);
        CheckText(id, "anonymity.explanation", route.Anonymity?.Explanation, problems);
        if (route.Deadlines is not null)
        {
            CheckText(id, "deadlines", route.Deadlines, problems);
        }

        CheckLegalBasis(id, route.LegalBasis, problems);
        if (route.OnlyWhenContactConfigured && !route.LocalReceiver)
        {
            problems.Add($"{id}: a route that needs a configured contact has a local receiver (set localReceiver)");
        }

        if (route.LocalLinks is null || route.LocalLinks.Any(key => string.IsNullOrWhiteSpace(key) || !key.All(char.IsAsciiLetterOrDigit)))
        {
            problems.Add($"{id}.localLinks must be contact keys (letters and digits)");
        }
    }

    // A route without its source cannot be checked by a reviewer, so it is not shown to anyone.
    private static void CheckLegalBasis(string id, IReadOnlyList<LegalSource>? sources, List<string> problems)
    {
        if (sources is not { Count: > 0 })
        {
            problems.Add($"{id}.legalBasis is missing: name the article and law, or the official page");
            return;
        }

        for (var index = 0; index < sources.Count; index++)
        {
            var source = sources[index];
            CheckText(id, $"legalBasis[{index}]", source is null ? null : new LocalizedText(source.Nl, source.En), problems);
            if (source?.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                problems.Add($"{id}.legalBasis[{index}].url must be an https address");
            }
        }
    }

    private static void CheckText(string id, string field, LocalizedText? text, List<string> problems)
    {
        if (text is null)
        {
            problems.Add($"{id}.{field} is missing");
            return;
        }

        if (string.IsNullOrWhiteSpace(text.Nl))
        {
            problems.Add($"{id}.{field}.nl is empty");
        }

        if (string.IsNullOrWhiteSpace(text.En))
        {
            problems.Add($"{id}.{field}.en is empty");
        }
    }
}
