namespace FastLog.Aggregation.Tables;

/// <summary>Merging of per-worker tables into the run's table.</summary>
public static class TableMerge
{
    /// <summary>
    /// Adds every key and count of <paramref name="source"/> to <paramref name="target"/> and
    /// returns the map from source ids to target ids (-1 where the target's budget refused a key).
    /// </summary>
    /// <remarks>
    /// The keys go in the source's id order, so the target's ids and refusals are those of adding
    /// them one by one; their stored hashes serve, and the target's buckets and entries are
    /// fetched a few keys ahead (merging millions of keys is otherwise a cache miss per key).
    /// </remarks>
    public static int[] Into(SymbolTable target, SymbolTable source)
    {
        var n = source.Count;
        var map = new int[n];
        var hashes = new ulong[n];
        for (var id = 0; id < n; id++) hashes[id] = source.HashOf(id);
        // Invariant: keys [0, id) are added and mapped; later ones are being fetched (PrefetchAhead).
        for (var id = 0; id < n; id++)
        {
            target.PrefetchAhead(hashes, id, n);
            var mapped = target.GetOrAdd(source.KeyOf(id), hashes[id]);
            if (mapped >= 0) target.Counts[mapped] += source.Counts[id];
            else target.OtherCount += source.Counts[id];
            map[id] = mapped;
        }
        target.OtherCount += source.OtherCount;
        target.NullCount += source.NullCount;
        // Keys the target refused just now went into its sketch in Add; the source's own refusals join it.
        if (source.Refused is { } refused) (target.Refused ??= new Sketches.HyperLogLog()).Merge(refused);
        return map;
    }

    /// <summary>Adds every key and count of <paramref name="source"/> to <paramref name="target"/>; returns the id map.</summary>
    public static int[] Into(LongKeyTable target, LongKeyTable source)
    {
        var map = new int[source.Count];
        for (var id = 0; id < source.Count; id++)
            map[id] = target.Add(source.KeyOf(id), source.Counts[id]);
        target.OtherCount += source.OtherCount;
        return map;
    }

    /// <summary>Adds <paramref name="source"/>[id] into <paramref name="target"/>[map[id]] for every mapped id.</summary>
    public static void AddMapped(ref long[] target, int targetCapacity, long[] source, int sourceCount, int[] map)
    {
        EnsureLength(ref target, targetCapacity);
        for (var id = 0; id < sourceCount; id++)
            if (map[id] >= 0) target[map[id]] += source[id];
    }

    /// <summary>Grows <paramref name="values"/> to at least <paramref name="length"/> entries.</summary>
    public static void EnsureLength<T>(ref T[] values, int length)
    {
        if (values.Length < length) Array.Resize(ref values, length);
    }
}
