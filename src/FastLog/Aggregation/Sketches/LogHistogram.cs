using System.Numerics;
using System.Runtime.CompilerServices;
using FastLog.Partials;

namespace FastLog.Aggregation.Sketches;

/// <summary>
/// Mergeable log-bucket histogram of non-negative integers (bytes, microseconds).
/// </summary>
/// <remarks>
/// Values below 128 have a bucket each (exact). A value <c>v ≥ 128</c> with highest set bit
/// <c>e</c> falls in one of 128 equal sub-buckets of <c>[2^e, 2^(e+1))</c>, each
/// <c>2^(e-7)</c> wide. A quantile is the midpoint of its bucket, clamped to the exact min and
/// max, so its relative error is at most half a bucket width over the bucket's low edge:
/// <c>2^(e-8) / 2^e = 1/256 ≈ 0.39 %</c> (the documented bound is 1 %). Count, sum, min and max
/// are exact: the sum is 128-bit, since ten 18-digit byte counts already pass <see cref="long.MaxValue"/>. Buckets are allocated 128 at a time per power of two, so a histogram over a
/// narrow range costs a few KiB. Merging adds bucket counts: the result does not depend on how
/// the values were split or in which order histograms are merged.
/// </remarks>
public sealed class LogHistogram
{
    private const int SubBits = 7;
    private const int SubBuckets = 1 << SubBits;
    private const int Segments = 64 - SubBits; // segment 0: values 0..127; segment s ≥ 1: e = s + 6
    private readonly long[]?[] _segments = new long[]?[Segments];

    /// <summary>Number of values.</summary>
    public long Count { get; private set; }
    /// <summary>Sum of the values (exact: 128 bits cannot wrap for fewer than 2^64 values of at most 2^63).</summary>
    public Int128 Sum { get; private set; }
    /// <summary>Smallest value; <see cref="long.MaxValue"/> when empty.</summary>
    public long Min { get; private set; } = long.MaxValue;
    /// <summary>Largest value; 0 when empty.</summary>
    public long Max { get; private set; }

    /// <summary>Adds a value (negative values are clamped to 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long value)
    {
        if (value < 0) value = 0;
        var (segment, sub) = Locate(value);
        (_segments[segment] ??= new long[SubBuckets])[sub]++;
        Count++;
        Sum += value;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(LogHistogram other)
    {
        for (var s = 0; s < Segments; s++)
        {
            var theirs = other._segments[s];
            if (theirs is null) continue;
            var mine = _segments[s] ??= new long[SubBuckets];
            for (var i = 0; i < SubBuckets; i++) mine[i] += theirs[i];
        }
        Count += other.Count;
        Sum += other.Sum;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    /// <summary>
    /// The nearest-rank quantile <paramref name="q"/> in [0, 1] (rank <c>ceil(q·Count)</c>, at
    /// least 1), within the documented relative error; 0 when empty.
    /// </summary>
    public long Quantile(double q)
    {
        if (Count == 0) return 0;
        var rank = Math.Max(1L, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var s = 0; s < Segments; s++)
        {
            var counts = _segments[s];
            if (counts is null) continue;
            for (var i = 0; i < SubBuckets; i++)
            {
                seen += counts[i];
                if (seen >= rank) return Math.Clamp(Representative(s, i), Min, Max);
            }
        }
        return Max;
    }

    /// <summary>
    /// Values in buckets wholly above <paramref name="threshold"/>'s bucket: a lower bound of
    /// the values greater than it, exact below 128 and off by at most one bucket's values above.
    /// </summary>
    public long CountAbove(long threshold)
    {
        long above = 0;
        var (thresholdSegment, thresholdSub) = Locate(Math.Max(0, threshold));
        for (var s = thresholdSegment; s < Segments; s++)
        {
            var counts = _segments[s];
            if (counts is null) continue;
            for (var i = s == thresholdSegment ? thresholdSub + 1 : 0; i < SubBuckets; i++) above += counts[i];
        }
        return above;
    }

    /// <summary>
    /// Counts the values per bin of <paramref name="edges"/> (ascending): bin 0 is below
    /// <c>edges[0]</c>, bin <c>i</c> is <c>[edges[i-1], edges[i])</c>, the last is at or above the
    /// last edge. Each bucket counts in the bin of its representative (clamped to min and max), so
    /// a value within 0.4 % of an edge (above 128) may count in the bin next to its own.
    /// </summary>
    public long[] CountsInBins(ReadOnlySpan<long> edges)
    {
        var bins = new long[edges.Length + 1];
        for (var s = 0; s < Segments; s++)
        {
            var counts = _segments[s];
            if (counts is null) continue;
            for (var i = 0; i < SubBuckets; i++)
            {
                if (counts[i] == 0) continue;
                var value = Math.Clamp(Representative(s, i), Min, Max);
                var bin = 0;
                // Invariant: every edge before bin is at or below value.
                while (bin < edges.Length && value >= edges[bin]) bin++;
                bins[bin] += counts[i];
            }
        }
        return bins;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Segment, int Sub) Locate(long value)
    {
        if (value < SubBuckets) return (0, (int)value);
        var e = 63 - BitOperations.LeadingZeroCount((ulong)value);
        return (e - SubBits + 1, (int)(value >> (e - SubBits)) & (SubBuckets - 1));
    }

    /// <summary>Mean of the values; 0 when empty.</summary>
    public double Mean => MeanOf(Sum, Count);

    /// <summary>
    /// <paramref name="sum"/> / <paramref name="count"/> to double precision; 0 when the count is 0.
    /// The whole part is divided in 128 bits first, so a sum past 2^63 neither wraps nor loses
    /// the fraction to the rounding of a 20-digit dividend.
    /// </summary>
    public static double MeanOf(Int128 sum, long count)
    {
        if (count <= 0) return 0;
        var whole = Int128.DivRem(sum, count);
        return (double)whole.Quotient + (double)(long)whole.Remainder / count;
    }

    private static long Representative(int segment, int sub)
    {
        if (segment == 0) return sub;
        var shift = segment - 1;
        var low = (long)(SubBuckets + sub) << shift;
        var width = 1L << shift;
        return low + (width - 1) / 2;
    }

    /// <summary>Writes the figures and the allocated segments (a bit mask of which, then their counts).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(Count);
        writer.WriteInt128(Sum);
        writer.WriteInt(Min);
        writer.WriteInt(Max);
        ulong present = 0;
        for (var s = 0; s < Segments; s++)
            if (_segments[s] is not null) present |= 1UL << s;
        writer.WriteUInt(present);
        for (var s = 0; s < Segments; s++)
            if (_segments[s] is { } counts) writer.WriteCounts(counts);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty histogram.</summary>
    public void ReadState(PartialReader reader)
    {
        Count = reader.ReadInt();
        Sum = reader.ReadInt128();
        Min = reader.ReadInt();
        Max = reader.ReadInt();
        var present = reader.ReadUInt();
        if (present >> Segments != 0) throw new InvalidDataException("corrupt partial: a histogram segment is out of range");
        for (var s = 0; s < Segments; s++)
            if ((present & (1UL << s)) != 0) reader.ReadCounts(_segments[s] = new long[SubBuckets]);
    }

    /// <summary>Writes the optional histogram of each id of <paramref name="order"/> (per-endpoint, per-service latency).</summary>
    public static void WriteInOrder(PartialWriter writer, LogHistogram?[] perId, int[] order)
    {
        foreach (var id in order)
        {
            var histogram = id < perId.Length ? perId[id] : null;
            writer.WriteBool(histogram is not null);
            histogram?.WriteState(writer);
        }
    }

    /// <summary>Reads what <see cref="WriteInOrder"/> wrote for <paramref name="count"/> ids into a new array of <paramref name="capacity"/>.</summary>
    public static LogHistogram?[] ReadPerId(PartialReader reader, int count, int capacity)
    {
        var perId = new LogHistogram?[Math.Max(capacity, 1)];
        for (var id = 0; id < count; id++)
            if (reader.ReadBool()) (perId[id] = new LogHistogram()).ReadState(reader);
        return perId;
    }
}
