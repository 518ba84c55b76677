using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation;

/// <summary>
/// <c>fastlog stats FIELD [--by F1,F2]</c>: a <see cref="ValueSummary"/> of one numeric field
/// (status, bytes, request_time in microseconds), overall or per group of field values.
/// </summary>
/// <remarks>
/// Group keys are encoded as in <see cref="GroupByAggregator"/> (the rendered text; with several
/// fields each prefixed by its 4-byte length). Each group holds a histogram (a few KiB), so the
/// number of groups is capped at <c>MaxKeys / 64</c> of the table budget (65,536 by default);
/// records of groups past the cap are summarised under "other" and the result is marked
/// approximate (which groups made the cap then depends on arrival order).
/// </remarks>
public sealed class StatsAggregator : IAggregator, IPartialState
{
    /// <summary>Histograms cost about 64 times a plain counter: the group cap is the key budget over this.</summary>
    public const int GroupCostFactor = 64;

    private readonly LogField[] _by;
    private readonly SymbolTable? _groups;
    private readonly List<ValueSummary> _summaries = [];
    private byte[] _scratch = new byte[4096];

    /// <summary>Creates an aggregator of <paramref name="field"/> grouped by <paramref name="by"/> (possibly none).</summary>
    public StatsAggregator(LogField field, IReadOnlyList<LogField> by, TableBudget budget)
    {
        if (FieldNames.Info(field).Kind is not (FieldKind.Integer or FieldKind.Duration))
            throw new ArgumentException($"{field} is not a numeric field", nameof(field));
        Field = field;
        _by = [.. by];
        if (_by.Length > 0)
            _groups = new SymbolTable(budget with { MaxKeys = Math.Max(1, budget.MaxKeys / GroupCostFactor) });
        Other = NewSummary();
        if (_groups is null) _summaries.Add(NewSummary());
    }

    /// <summary>The summarised field.</summary>
    public LogField Field { get; }

    /// <summary>The grouping fields (empty: one overall summary).</summary>
    public IReadOnlyList<LogField> By => _by;

    /// <summary>Records of groups refused by the cap.</summary>
    public ValueSummary Other { get; }

    /// <summary>True when some groups were refused by the cap.</summary>
    public bool IsApproximate => Other.Count + Other.Missing > 0;

    /// <summary>Number of groups kept (1 without grouping).</summary>
    public int GroupCount => _summaries.Count;

    /// <summary>Distinct groups seen: <see cref="GroupCount"/>, or past the cap a HyperLogLog estimate (within 2 %).</summary>
    public long DistinctGroups() => _groups?.DistinctEstimate() ?? 1;

    /// <summary>The summary of group <paramref name="id"/>.</summary>
    public ValueSummary Summary(int id) => _summaries[id];

    /// <summary>The key of group <paramref name="id"/> (empty without grouping).</summary>
    public ReadOnlySpan<byte> KeyOf(int id) => _groups is null ? default : _groups.KeyOf(id);

    /// <summary>Splits a group key into its field values.</summary>
    public IReadOnlyList<byte[]> SplitKey(ReadOnlySpan<byte> key) => GroupKey.Split(key, _by.Length);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var numbers = batch.NumberColumn(Field);
        var status = Field == LogField.Status && batch.Has(LogField.Status);
        // Invariant: r < batch.Count; the key of record r is built in _scratch, sized first.
        for (var r = 0; r < batch.Count; r++)
        {
            var summary = _groups is null ? _summaries[0] : SummaryOf(Key(batch, r, block));
            long value = numbers is not null ? numbers[r] : status ? batch.Status[r] : -1;
            if (value < 0) summary.Missing++;
            else summary.Add(value);
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (StatsAggregator)other;
        Other.Merge(o.Other);
        if (_groups is null)
        {
            _summaries[0].Merge(o._summaries[0]);
            return;
        }
        for (var id = 0; id < o._summaries.Count; id++) SummaryOf(o.KeyOf(id)).Merge(o._summaries[id]);
        if (o._groups!.Refused is { } refused) (_groups.Refused ??= new Sketches.HyperLogLog()).Merge(refused);
    }

    private ValueSummary NewSummary() => new(exact: Field == LogField.Status);

    private ValueSummary SummaryOf(ReadOnlySpan<byte> key)
    {
        var id = _groups!.GetOrAdd(key);
        if (id < 0) return Other;
        if (id == _summaries.Count) _summaries.Add(NewSummary());
        return _summaries[id];
    }

    private ReadOnlySpan<byte> Key(LogBatch batch, int r, ReadOnlySpan<byte> block) => GroupKey.Write(_by, batch, r, block, ref _scratch);

    /// <inheritdoc/>
    public void WriteState(PartialWriter writer)
    {
        Other.WriteState(writer);
        if (_groups is null)
        {
            _summaries[0].WriteState(writer);
            return;
        }
        // The group keys in sorted order (SymbolTable.WriteState), each group's summary in the same order.
        foreach (var id in _groups.WriteState(writer)) _summaries[id].WriteState(writer);
    }

    /// <inheritdoc/>
    public void ReadState(PartialReader reader)
    {
        Other.ReadState(reader);
        if (_groups is null)
        {
            _summaries[0].ReadState(reader);
            return;
        }
        _groups.ReadState(reader);
        // Invariant: summaries [0, id) are read; the table gave the keys ids 0, 1, 2, … in the order written.
        for (var id = 0; id < _groups.Count; id++)
        {
            var summary = NewSummary();
            summary.ReadState(reader);
            _summaries.Add(summary);
        }
    }
}
