using FastLog.Aggregation.Sketches;
using FastLog.Partials;

namespace FastLog.Aggregation;

/// <summary>
/// Count, sum, min, max and quantiles of one numeric field's values (<c>fastlog stats</c>):
/// exact counts per value for small ranges (status codes, below <see cref="ExactLimit"/>),
/// otherwise a <see cref="LogHistogram"/> (quantiles within 1 %). Mergeable: merging equals
/// adding all the values to one summary.
/// </summary>
public sealed class ValueSummary
{
    /// <summary>1000: every status code (100–999) has its own exact counter.</summary>
    public const int ExactLimit = 1000;

    private readonly long[]? _exact;
    private readonly LogHistogram? _histogram;

    /// <summary>Creates an empty summary; <paramref name="exact"/> for values known to be in <c>[0, ExactLimit)</c>.</summary>
    public ValueSummary(bool exact)
    {
        if (exact) _exact = new long[ExactLimit];
        else _histogram = new LogHistogram();
    }

    /// <summary>Number of values.</summary>
    public long Count { get; private set; }
    /// <summary>Sum of the values (exact: 128 bits, as in <see cref="LogHistogram.Sum"/>).</summary>
    public Int128 Sum { get; private set; }
    /// <summary>Smallest value; <see cref="long.MaxValue"/> when empty.</summary>
    public long Min { get; private set; } = long.MaxValue;
    /// <summary>Largest value; <see cref="long.MinValue"/> when empty.</summary>
    public long Max { get; private set; } = long.MinValue;
    /// <summary>Records whose field was absent (not counted as values).</summary>
    public long Missing;

    /// <summary>Mean of the values; 0 when empty.</summary>
    public double Mean => LogHistogram.MeanOf(Sum, Count);

    /// <summary>Adds a value (non-negative; below <see cref="ExactLimit"/> for an exact summary).</summary>
    public void Add(long value)
    {
        if (_exact is not null) _exact[value]++;
        else _histogram!.Add(value);
        Count++;
        Sum += value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    /// <summary>Adds everything <paramref name="other"/> (of the same kind) holds.</summary>
    public void Merge(ValueSummary other)
    {
        if (_exact is not null)
            for (var v = 0; v < ExactLimit; v++) _exact[v] += other._exact![v];
        else
            _histogram!.Merge(other._histogram!);
        Count += other.Count;
        Sum += other.Sum;
        Missing += other.Missing;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    /// <summary>The nearest-rank quantile <paramref name="q"/> (rank <c>ceil(q·Count)</c>, at least 1): exact, or within 1 % for a histogram; 0 when empty.</summary>
    public long Quantile(double q)
    {
        if (Count == 0) return 0;
        if (_exact is null) return _histogram!.Quantile(q);
        var rank = Math.Max(1L, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var v = 0; v < ExactLimit; v++)
        {
            seen += _exact[v];
            if (seen >= rank) return v;
        }
        return Max;
    }

    /// <summary>Writes the figures and the exact counters or the histogram.</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(Count);
        writer.WriteInt128(Sum);
        writer.WriteInt(Min);
        writer.WriteInt(Max);
        writer.WriteInt(Missing);
        if (_exact is not null) writer.WriteCounts(_exact);
        else _histogram!.WriteState(writer);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty summary (of the same kind).</summary>
    public void ReadState(PartialReader reader)
    {
        Count = reader.ReadInt();
        Sum = reader.ReadInt128();
        Min = reader.ReadInt();
        Max = reader.ReadInt();
        Missing = reader.ReadInt();
        if (_exact is not null) reader.ReadCounts(_exact);
        else _histogram!.ReadState(reader);
    }
}
