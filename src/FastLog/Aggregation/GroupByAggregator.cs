using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;
using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation;

/// <summary>
/// Counts records per value of one or more fields (<c>top FIELD</c>, <c>count --by F1,F2</c>).
/// </summary>
/// <remarks>
/// The key is the rendered text of the fields (<see cref="FieldRenderer"/>). With one field it is
/// the text itself; with several, each field is prefixed by its length (4 bytes, little endian),
/// so no byte value (NUL included) can make two groups collide.
/// </remarks>
public sealed class GroupByAggregator : IAggregator, IPartialState
{
    private readonly LogField[] _fields;
    private byte[] _scratch = new byte[4096];
    private int[] _ids = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

    /// <summary>Counts per group; a heavy-hitter sketch past the budget.</summary>
    public HeavyHitterTable Groups { get; }

    /// <summary>Records counted.</summary>
    public long Records { get; private set; }

    /// <inheritdoc/>
    public bool IsApproximate => Groups.IsApproximate;

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
        var repeats = batch.Repeats;
        if (_fields.Length == 1 && SmallDomain(_fields[0]) is { } domain)
        {
            CountSmallDomain(batch, domain, repeats);
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
            Groups.AddColumn(column, block, batch.Count, _ids, _hashes, repeats is null ? default : repeats.AsSpan(0, batch.Count));
            Records += Occurrences(batch, repeats);
            return;
        }
        // Invariant: r < batch.Count; the key of record r is built in _scratch.
        for (var r = 0; r < batch.Count; r++) Groups.Add(GroupKey.Write(_fields, batch, r, block, ref _scratch), WeightedColumn.Weight(repeats, r));
        Records += Occurrences(batch, repeats);
    }

    private static long Occurrences(LogBatch batch, long[]? repeats)
    {
        // A weight below 1 (a null repeat cell from Parquet input) counts once, as in every view.
        return WeightedColumn.Total(repeats, batch.Count);
    }

    /// <summary>
    /// Status codes and symbols (event, invalid_user, public) take few values: a batch is counted
    /// into a small array indexed by value, and the table sees one key per distinct value instead
    /// of one per record. The last slot is the null value.
    /// </summary>
    private static int? SmallDomain(LogField field) => field == LogField.Status ? 1000
        : FieldNames.Info(field).Symbols is { } symbols ? symbols.Count
        : null;

    private long[] _small = [];

    private void CountSmallDomain(LogBatch batch, int domain, long[]? repeats)
    {
        if (_small.Length != domain + 1) _small = new long[domain + 1];
        var counts = _small;
        var n = batch.Count;
        if (_fields[0] == LogField.Status)
        {
            if (!batch.Has(LogField.Status))
            {
                counts[domain] += Occurrences(batch, repeats);
            }
            else
            {
                var status = batch.Status;
                // Invariant: counts holds records [0, r); a status is 100–999 by the parsers' grammar (0 when absent).
                for (var r = 0; r < n; r++) counts[(uint)status[r] < (uint)domain ? status[r] : domain] += WeightedColumn.Weight(repeats, r);
            }
        }
        else
        {
            var codes = batch.NumberColumn(_fields[0])!;
            // Invariant: counts holds records [0, r); codes outside the names (null) go to the last slot.
            for (var r = 0; r < n; r++) counts[(ulong)codes[r] < (ulong)domain ? (int)codes[r] : domain] += WeightedColumn.Weight(repeats, r);
        }
        Span<byte> key = stackalloc byte[FieldRenderer.MaxFixedLength];
        var symbols = FieldNames.Info(_fields[0]).Symbols;
        for (var v = 0; v <= domain; v++)
        {
            var count = counts[v];
            if (count == 0) continue;
            counts[v] = 0;
            Records += count;
            if (v == domain || (_fields[0] == LogField.Status && v == 0))
            {
                Groups.Add("-"u8, count);
            }
            else if (symbols is not null)
            {
                var name = symbols[v];
                for (var i = 0; i < name.Length; i++) key[i] = (byte)name[i];
                Groups.Add(key[..name.Length], count);
            }
            else
            {
                System.Buffers.Text.Utf8Formatter.TryFormat(v, key, out var written);
                Groups.Add(key[..written], count);
            }
        }
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

    /// <inheritdoc/>
    public void WriteState(PartialWriter writer)
    {
        Groups.WriteState(writer);
        writer.WriteInt(Records);
    }

    /// <inheritdoc/>
    public void ReadState(PartialReader reader)
    {
        Groups.ReadState(reader);
        Records = reader.ReadInt();
    }
}
