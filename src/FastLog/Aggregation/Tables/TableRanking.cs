namespace FastLog.Aggregation.Tables;

/// <summary>The report order of a table: count descending, then key ascending bytewise. Depends only on keys and counts.</summary>
public static class TableRanking
{
    /// <summary>
    /// Ids of the first <paramref name="limit"/> keys of <paramref name="table"/> in report order,
    /// by <paramref name="counts"/> (the table's own counts unless given; ids with 0 are left out).
    /// </summary>
    public static int[] Top(SymbolTable table, int limit, long[]? counts = null)
    {
        counts ??= table.Counts;
        var ids = new List<int>(table.Count);
        for (var id = 0; id < table.Count; id++)
            if (id < counts.Length && counts[id] > 0) ids.Add(id);
        var comparer = Comparer<int>.Create((a, b) =>
        {
            var c = counts[b].CompareTo(counts[a]);
            return c != 0 ? c : table.KeyOf(a).SequenceCompareTo(table.KeyOf(b));
        });
        if (limit < ids.Count && limit <= 1024)
        {
            // Partial selection: keep the best `limit` in a max-heap on the report order.
            var heap = new PriorityQueue<int, int>(Comparer<int>.Create((a, b) => comparer.Compare(b, a)));
            foreach (var id in ids)
            {
                if (heap.Count < limit) heap.Enqueue(id, id);
                else if (comparer.Compare(id, heap.Peek()) < 0) heap.EnqueueDequeue(id, id);
            }
            var best = new int[heap.Count];
            for (var i = 0; i < best.Length; i++) best[i] = heap.Dequeue();
            Array.Sort(best, comparer);
            return best;
        }
        var all = ids.ToArray();
        Array.Sort(all, comparer);
        return limit < all.Length ? all[..limit] : all;
    }
}
