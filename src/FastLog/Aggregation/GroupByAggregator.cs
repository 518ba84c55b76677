using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Aggregation;

/// <summary>
/// Counts records per value of one or more fields (<c>top FIELD</c>, <c>count --by F1,F2</c>).
/// </summary>
/// <remarks>
/// The key is the rendered text of the fields (<see cref="FieldRenderer"/>). With one field it is
/// the text itself; with several, each field is prefixed by its length (4 bytes, little endian),
/// so no byte value (NUL included) can make two groups collide.
/// </remarks>
public sealed class GroupByAggregator : IAggregator
{
    private readonly LogField[] _fields;
    private byte[] _scratch = new byte[4096];
    private int[] _ids = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

    /// <summary>Counts per group; a heavy-hitter sketch past the budget.</summary>
    public HeavyHitterTable Groups { get; }

    /// <summary>Records counted.</summary>
    public long Records { get; private set; }

    /// <summary>The grouping fields, in order.</summary>
    public IReadOnlyList<LogField> Fields => _fields;

    /// <summary>Creates an aggregator grouping by <paramref name="fields"/> (at least one).</summary>
    public GroupByAggregator(IReadOnlyList<LogField> fields, TableBudget budget)
    {
        if (fields.Count == 0) throw new ArgumentException("at least one field", nameof(fields));
        _fields = [.. fields];
        Groups = new HeavyHitterTable(budget);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (batch.Repeats is { } repeats)
        {
            // Syslog repeats: each record adds its occurrences (rare lines; no column fast path).
            for (var r = 0; r < batch.Count; r++)
            {
                Groups.Add(GroupKey.Write(_fields, batch, r, block, ref _scratch), repeats[r]);
                Records += repeats[r];
            }
            return;
        }
        if (_fields.Length == 1 && batch.TextColumn(_fields[0]) is { } column)
        {
            // One raw byte field (ip, path, ua…): count the column in place, prefetching ahead.
            if (_ids.Length < batch.Count)
            {
                _ids = new int[batch.Capacity];
                _hashes = new ulong[batch.Capacity];
            }
            Groups.AddColumn(column, block, batch.Count, _ids, _hashes);
            Records += batch.Count;
            return;
        }
        // Invariant: r < batch.Count; the key of record r is built in _scratch.
        for (var r = 0; r < batch.Count; r++) Groups.Add(GroupKey.Write(_fields, batch, r, block, ref _scratch));
        Records += batch.Count;
    }

    /// <summary>Splits a group key into its field values.</summary>
    public IReadOnlyList<byte[]> SplitKey(ReadOnlySpan<byte> key) => GroupKey.Split(key, _fields.Length);

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (GroupByAggregator)other;
        Groups.Merge(o.Groups);
        Records += o.Records;
    }
}
