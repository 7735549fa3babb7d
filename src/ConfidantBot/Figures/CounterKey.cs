using System.Globalization;
using System.Text;
using ConfidantBot.BotFramework.Storage;
using ConfidantBot.Roster;

namespace ConfidantBot.Figures;

/// <summary>
/// Where one monthly count is stored: partition <c>figures</c>, id
/// <c>yyyy-MM;counter[;kind=…][;audience=…][;route=…]</c>, e.g. <c>2027-03;bookingRequested;kind=External;audience=Council</c>,
/// or for a category counter <c>yyyy-MM;counter;name=value</c>, e.g. <c>2027-03;guideTopic;topic=UndesirableBehaviour</c>.
/// The month is the finest time there is; the dimensions are enum names or a route key.
/// </summary>
public readonly record struct CounterKey(int Year, int Month, UsageCounter Counter, ConfidantKind? Kind, Audience? Audience, string? RouteId, Enum? Category = null)
{
    public const string Partition = "figures";

    public static CounterKey For(UsageEvent usage, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new CounterKey(year, month, usage.Counter, usage.Kind, usage.Audience, usage.RouteId, usage.Category);
    }

    public StorageKey ToStorageKey()
    {
        var id = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2};{CounterName(Counter)}");
        if (Kind is { } kind)
        {
            id.Append(";kind=").Append(kind);
        }

        if (Audience is { } audience)
        {
            id.Append(";audience=").Append(audience);
        }

        if (RouteId is { } route)
        {
            id.Append(";route=").Append(route);
        }

        if (Category is { } category && UsageEvent.CategoryOf(Counter) is { } dimension)
        {
            id.Append(';').Append(dimension.Name).Append('=').Append(category);
        }

        return new StorageKey(Partition, id.ToString());
    }

    /// <summary>Reads an id back; null for anything that is not a counter key (never throws on stored data).</summary>
    public static CounterKey? Parse(string id)
    {
        var parts = id.Split(';');
        if (parts.Length < 2 || parts[0].Length != 7 || parts[0][4] != '-'
            || !int.TryParse(parts[0].AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[0].AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || month is < 1 or > 12
            || !TryCounter(parts[1], out var counter))
        {
            return null;
        }

        ConfidantKind? kind = null;
        Audience? audience = null;
        string? route = null;
        Enum? category = null;
        var categoryDimension = UsageEvent.CategoryOf(counter);
        foreach (var part in parts.AsSpan(2))
        {
            var (name, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : (part, "");
            switch (name)
            {
                case "kind" when Enum.TryParse<ConfidantKind>(value, out var k) && Enum.IsDefined(k):
                    kind = k;
                    break;
                case "audience" when Enum.TryParse<Audience>(value, out var a) && Enum.IsDefined(a):
                    audience = a;
                    break;
                case "route" when value.Length > 0:
                    route = value;
                    break;
                case var other when categoryDimension is { } dimension && other == dimension.Name
                    && Enum.TryParse(dimension.Type, value, out var parsed) && Enum.IsDefined(dimension.Type, parsed!) && !char.IsDigit(value[0]):
                    category = (Enum)parsed!;
                    break;
                default:
                    return null;
            }
        }

        return new CounterKey(year, month, counter, kind, audience, route, category);
    }

    private static string CounterName(UsageCounter counter) => JsonNamingPolicyName(counter.ToString());

    private static bool TryCounter(string name, out UsageCounter counter)
    {
        foreach (var candidate in Enum.GetValues<UsageCounter>())
        {
            if (CounterName(candidate) == name)
            {
                counter = candidate;
                return true;
            }
        }

        counter = default;
        return false;
    }

    private static string JsonNamingPolicyName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
