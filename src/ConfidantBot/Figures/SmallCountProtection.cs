namespace ConfidantBot.Figures;

/// <summary>A published sum: <see cref="Total"/> = the sum of <see cref="Parts"/>. Subtraction works along it.</summary>
public sealed record LinkedTable<TCell>(TCell Total, IReadOnlyList<TCell> Parts);

/// <summary>
/// Decides which figures are hidden so that no small group can be seen or worked out.
/// <list type="number">
/// <item>Primary: every figure below the threshold is hidden ("&lt; 5"), zero included.</item>
/// <item>Secondary, per table (a total and the parts that add up to it): when any part is hidden,
/// more parts are hidden, smallest first, until at least two are hidden and the hidden parts together
/// are at least the threshold, or all parts are hidden (then only the total is left). So "total minus
/// the rest" yields only a sum of several parts that is itself not small. When a total is hidden, at
/// least one part is hidden too, so the total cannot be added up from its parts.</item>
/// <item>Tables share figures (a month's total is a part of the year's total): the rules are applied
/// over all tables again until nothing changes, so a figure hidden for one table is hidden in all.</item>
/// <item>Reports say *why* a figure is missing: "&lt; 5" (below the threshold) or "hidden" (the threshold or
/// more, hidden for another). A reader can combine those bounds with the sum, e.g. a shown total of
/// 8 with two parts both "&lt; 5" means both are exactly 4. So every table is also checked with those
/// bounds: while a missing figure can be worked out to a single value, another part is hidden
/// (smallest first), or the total when no part is left.</item>
/// </list>
/// Hiding only ever grows, so this ends. The tables are 1-dimensional: a report never crosses two
/// dimensions, which is what keeps this rule sufficient. Each sum is checked with the bounds of its
/// own figures; bounds narrowed through one sum are not carried into another.
/// </summary>
public static class SmallCountProtection
{
    /// <returns>The cells to hide.</returns>
    public static IReadOnlySet<TCell> Suppress<TCell>(IReadOnlyDictionary<TCell, long> values, IReadOnlyList<LinkedTable<TCell>> tables, int threshold)
        where TCell : notnull
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(tables);
        var hidden = values.Where(v => v.Value < threshold).Select(v => v.Key).ToHashSet();
        bool changed;
        do
        {
            changed = false;
            foreach (var table in tables)
            {
                changed |= ProtectTable(table, values, hidden, threshold);
                changed |= UnpinTable(table, values, hidden, threshold);
            }
        }
        while (changed);

        return hidden;
    }

    private static bool ProtectTable<TCell>(LinkedTable<TCell> table, IReadOnlyDictionary<TCell, long> values, HashSet<TCell> hidden, int threshold)
        where TCell : notnull
    {
        var changed = false;
        var hiddenParts = table.Parts.Where(hidden.Contains).ToList();
        if (hidden.Contains(table.Total))
        {
            if (hiddenParts.Count == 0 && HideSmallestShown(table, values, hidden))
            {
                changed = true;
            }

            return changed;
        }

        if (hiddenParts.Count == 0)
        {
            return false;
        }

        while ((hiddenParts.Count < 2 || hiddenParts.Sum(p => values[p]) < threshold) && HideSmallestShown(table, values, hidden))
        {
            hiddenParts = table.Parts.Where(hidden.Contains).ToList();
            changed = true;
        }

        return changed;
    }

    /// <summary>Hides more of a table while a missing figure of it can be worked out exactly from the markers and the sum.</summary>
    private static bool UnpinTable<TCell>(LinkedTable<TCell> table, IReadOnlyDictionary<TCell, long> values, HashSet<TCell> hidden, int threshold)
        where TCell : notnull
    {
        var changed = false;
        while (AnyPinned(table, values, hidden, threshold))
        {
            if (HideSmallestShown(table, values, hidden))
            {
                changed = true;
            }
            else if (hidden.Add(table.Total))
            {
                changed = true;
            }
            else
            {
                // Everything is hidden: nothing is pinned then (see AnyPinned); stop regardless.
                break;
            }
        }

        return changed;
    }

    /// <summary>What a reader knows of a figure: its value, [0, threshold − 1] for "&lt; 5", [threshold, ∞) for "hidden".</summary>
    private static (long Low, long High) Bounds<TCell>(TCell cell, IReadOnlyDictionary<TCell, long> values, HashSet<TCell> hidden, int threshold)
        where TCell : notnull =>
        !hidden.Contains(cell) ? (values[cell], values[cell])
        : values[cell] < threshold ? (0, threshold - 1)
        : (threshold, Unbounded);

    private const long Unbounded = long.MaxValue / 4;

    private static bool AnyPinned<TCell>(LinkedTable<TCell> table, IReadOnlyDictionary<TCell, long> values, HashSet<TCell> hidden, int threshold)
        where TCell : notnull
    {
        var total = Bounds(table.Total, values, hidden, threshold);
        var parts = table.Parts.Select(part => Bounds(part, values, hidden, threshold)).ToList();
        if (hidden.Contains(table.Total) && parts.Count > 0
            && Math.Max(total.Low, SumLow(parts, except: -1)) == Math.Min(total.High, SumHigh(parts, except: -1)))
        {
            return true;
        }

        for (var i = 0; i < parts.Count; i++)
        {
            if (!hidden.Contains(table.Parts[i]))
            {
                continue;
            }

            // This part = the total − the other parts: at least total.Low − others.High, at most total.High − others.Low.
            var othersHigh = SumHigh(parts, except: i);
            var low = othersHigh >= Unbounded ? parts[i].Low : Math.Max(parts[i].Low, total.Low - othersHigh);
            var high = total.High >= Unbounded ? parts[i].High : Math.Min(parts[i].High, total.High - SumLow(parts, except: i));
            if (low == high)
            {
                return true;
            }
        }

        return false;
    }

    private static long SumLow(List<(long Low, long High)> parts, int except) =>
        parts.Where((_, index) => index != except).Sum(part => part.Low);

    private static long SumHigh(List<(long Low, long High)> parts, int except) =>
        parts.Where((_, index) => index != except).Aggregate(0L, (sum, part) => Math.Min(Unbounded, sum + part.High));

    private static bool HideSmallestShown<TCell>(LinkedTable<TCell> table, IReadOnlyDictionary<TCell, long> values, HashSet<TCell> hidden)
        where TCell : notnull
    {
        var shown = table.Parts.Where(p => !hidden.Contains(p)).ToList();
        if (shown.Count == 0)
        {
            return false;
        }

        // Stable choice (smallest, then first in order) so the same data always gives the same report.
        var smallest = shown.MinBy(p => values[p])!;
        hidden.Add(smallest);
        return true;
    }
}
