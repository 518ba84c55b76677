using System.Runtime.CompilerServices;
using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Aggregation.Views;

/// <summary>
/// Counting of text columns into per-key tables with the batch's repeat weights
/// (<see cref="LogBatch.Repeats"/>): a syslog <c>message repeated N times</c> record counts N.
/// </summary>
public static class WeightedColumn
{
    /// <summary>The occurrences record <paramref name="r"/> stands for: its repeat weight, at least 1; 1 without weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Weight(long[]? weights, int r) => weights is null ? 1 : Math.Max(1, weights[r]);

    /// <summary>Sum of the weights of the first <paramref name="n"/> records.</summary>
    public static long Total(long[]? weights, int n)
    {
        if (weights is null) return n;
        long total = 0;
        // Invariant: total is the weight of records [0, r).
        for (var r = 0; r < n; r++) total += Weight(weights, r);
        return total;
    }

    /// <summary>
    /// Counts the first <paramref name="n"/> values of <paramref name="column"/> into
    /// <paramref name="table"/> and writes each record's id to <paramref name="ids"/> (-1 for a
    /// null value, counted in <see cref="SymbolTable.NullCount"/>, or a key the budget refused).
    /// Without weights the prefetching column path is used; with weights, record by record.
    /// </summary>
    public static void Count(SymbolTable table, ByteRange[] column, ReadOnlySpan<byte> block, int n, long[]? weights, Span<int> ids, Span<ulong> hashes)
    {
        if (weights is null)
        {
            table.AddColumn(column, block, n, ids, hashes);
            return;
        }
        // Invariant: records [0, r) are counted with their weights and have their ids.
        for (var r = 0; r < n; r++) ids[r] = Add(table, column[r], block, Weight(weights, r));
    }

    /// <summary>Adds <paramref name="weight"/> to the count of the value of <paramref name="range"/> (or to the null count); returns its id or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add(SymbolTable table, ByteRange range, ReadOnlySpan<byte> block, long weight)
    {
        if (range.IsNull)
        {
            table.NullCount += weight;
            return -1;
        }
        return table.Add(range.Slice(block), weight);
    }
}
