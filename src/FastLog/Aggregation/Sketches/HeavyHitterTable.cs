using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Sketches;

/// <summary>
/// A per-key count table that, past its budget, degrades to a heavy-hitter sketch instead of
/// running out of memory (Misra–Gries "frequent" with batched reduction).
/// </summary>
/// <remarks>
/// Exact while the keys fit the budget. When a new key does not fit, every count is lowered by
/// the median count and the keys left at zero are dropped (at least half of them), which keeps
/// memory bounded and costs O(1) amortised per record. Then: every key whose true count exceeds
/// the sum of the reductions (<see cref="MaxUndercount"/>, at most records / (budget / 2)) is
/// still in the table, and each listed count is at most <see cref="MaxUndercount"/> below the
/// true one. The report says <c>approximate</c> as soon as one reduction happened.
/// </remarks>
public sealed class HeavyHitterTable
{
    private readonly TableBudget _budget;
    private long _recorded;

    /// <summary>Creates an empty table with <paramref name="budget"/>.</summary>
    public HeavyHitterTable(TableBudget budget)
    {
        _budget = budget;
        Table = new SymbolTable(budget);
    }

    /// <summary>The current keys and counts.</summary>
    public SymbolTable Table { get; private set; }

    /// <summary>Sum of the reductions: the most any listed count is below its true count.</summary>
    public long MaxUndercount { get; private set; }

    /// <summary>True once the table had to reduce.</summary>
    public bool IsApproximate => MaxUndercount > 0;

    // Keys dropped by reductions (and refused by the table before them): with the listed keys,
    // every key ever counted, for the distinct estimate. Null until the first reduction.
    private HyperLogLog? _dropped;

    /// <summary>
    /// Distinct keys counted: exact (the table's count) until the first reduction, then a
    /// HyperLogLog estimate over the dropped and the listed keys (within 2 %, at least the count).
    /// </summary>
    public long DistinctEstimate() => Table.DistinctEstimate(_dropped);

    /// <summary>Records counted but not attributed to a listed key (removed by reductions).</summary>
    public long OtherCount
    {
        get
        {
            long listed = 0;
            for (var id = 0; id < Table.Count; id++) listed += Table.Counts[id];
            return _recorded - listed;
        }
    }

    /// <summary>Adds <paramref name="weight"/> records with <paramref name="key"/>.</summary>
    public void Add(ReadOnlySpan<byte> key, long weight = 1)
    {
        _recorded += weight;
        var id = Table.GetOrAdd(key);
        if (id < 0)
        {
            Reduce();
            id = Table.GetOrAdd(key);
            if (id < 0) return; // a single key larger than the whole key budget: counted in OtherCount
        }
        Table.Counts[id] += weight;
    }

    /// <summary>
    /// Adds the first <paramref name="n"/> values of a byte column (a null value counts as the
    /// key <c>-</c>, as the log writes it), with the table's prefetching column lookup; each
    /// counts <paramref name="weights"/>[r] times when given.
    /// </summary>
    public void AddColumn(ReadOnlySpan<ByteRange> column, ReadOnlySpan<byte> block, int n, Span<int> ids, Span<ulong> hashes, ReadOnlySpan<long> weights = default)
    {
        var table = Table;
        table.AddColumn(column, block, n, ids, hashes);
        _recorded += n;
        if (!weights.IsEmpty)
        {
            // Weighted records (syslog repeats) add their extra occurrences to the ids just found,
            // before any reduction below can change the table. A weight below 1 (a null or
            // nonsensical repeat cell from Parquet or JSON input) counts once, as everywhere.
            for (var r = 0; r < n; r++)
            {
                if (ids[r] < 0 || weights[r] <= 1) continue;
                table.Counts[ids[r]] += weights[r] - 1;
                _recorded += weights[r] - 1;
            }
        }
        // Rare: nulls, and keys the budget refused (which trigger a reduction and a retry).
        for (var r = 0; r < n; r++)
        {
            if (ids[r] >= 0) continue;
            _recorded--;
            Add(column[r].IsNull ? "-"u8 : column[r].Slice(block), weights.IsEmpty ? 1 : Math.Max(1, weights[r]));
        }
    }

    /// <summary>Adds every key and count of <paramref name="other"/>.</summary>
    public void Merge(HeavyHitterTable other)
    {
        for (var id = 0; id < other.Table.Count; id++) Add(other.Table.KeyOf(id), other.Table.Counts[id]);
        _recorded += other.OtherCount;
        MaxUndercount += other.MaxUndercount;
        if (other._dropped is { } dropped) (_dropped ??= new HyperLogLog()).Merge(dropped);
        if (other.Table.Refused is { } refused) (_dropped ??= new HyperLogLog()).Merge(refused);
    }

    /// <summary>Writes keys and counts (sorted), the records counted, the reductions and the dropped keys' sketch.</summary>
    public void WriteState(PartialWriter writer)
    {
        Table.WriteState(writer);
        writer.WriteInt(_recorded);
        writer.WriteInt(MaxUndercount);
        HyperLogLog.WriteOptional(writer, _dropped);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty table.</summary>
    public void ReadState(PartialReader reader)
    {
        Table.ReadState(reader);
        _recorded = reader.ReadInt();
        MaxUndercount = reader.ReadInt();
        _dropped = HyperLogLog.ReadOptional(reader);
    }

    /// <summary>Lowers every count by the median and rebuilds the table from the keys left above zero.</summary>
    private void Reduce()
    {
        var old = Table;
        var counts = old.Counts.AsSpan(0, old.Count).ToArray();
        Array.Sort(counts);
        var median = counts.Length == 0 ? 1 : Math.Max(1, counts[(counts.Length - 1) / 2]);
        var table = new SymbolTable(_budget, Math.Max(16, old.Count / 2));
        var dropped = _dropped ??= new HyperLogLog();
        if (old.Refused is { } refused) dropped.Merge(refused);
        for (var id = 0; id < old.Count; id++)
        {
            var remaining = old.Counts[id] - median;
            if (remaining > 0) table.Add(old.KeyOf(id), remaining);
            else dropped.Add(HyperLogLog.Hash(old.KeyOf(id)));
        }
        Table = table;
        MaxUndercount += median;
    }
}
