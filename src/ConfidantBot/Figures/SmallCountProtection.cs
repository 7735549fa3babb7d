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
/// </list>
/// Hiding only ever grows, so this ends. The tables are 1-dimensional: a report never crosses two
/// dimensions, which is what keeps this rule sufficient.
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
