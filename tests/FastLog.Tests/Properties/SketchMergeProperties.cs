using CsCheck;
using FastLog.Aggregation.Sketches;

namespace FastLog.Tests.Properties;

/// <summary>
/// Merging per-worker sketches is associative and order-independent: however the workers' parts
/// are grouped and ordered, the merged histogram and distinct-count sketch answer the same.
/// </summary>
public class SketchMergeProperties
{
    private static readonly Gen<long[][]> s_parts = Gen.Frequency((3, Gen.Long[0, 5_000]), (1, Gen.Long[0, long.MaxValue / 4])).Array[0, 60].Array[1, 5];

    [Fact]
    public void HistogramMerge_IsAssociativeAndOrderIndependent() =>
        s_parts.Select(Gen.Int).Sample((parts, shuffle) =>
        {
            var forward = Histogram([]);
            foreach (var p in parts) forward.Merge(Histogram(p));
            var order = Order(parts.Length, shuffle);
            // Grouped differently: the later half merged into one part first, then into the earlier half.
            var left = Histogram([]);
            var right = Histogram([]);
            for (var i = 0; i < order.Length; i++) (i < order.Length / 2 ? left : right).Merge(Histogram(parts[order[i]]));
            left.Merge(right);
            Assert.Equal(Describe(forward), Describe(left));
        }, iter: 2_000, threads: 1);

    [Fact]
    public void HyperLogLogMerge_IsAssociativeAndOrderIndependent() =>
        Gen.ULong.Array[0, 200].Array[1, 5].Select(Gen.Int).Sample((parts, shuffle) =>
        {
            var forward = new HyperLogLog();
            foreach (var p in parts) forward.Merge(Sketch(p));
            var order = Order(parts.Length, shuffle);
            var left = new HyperLogLog();
            var right = new HyperLogLog();
            for (var i = 0; i < order.Length; i++) (i < order.Length / 2 ? left : right).Merge(Sketch(parts[order[i]]));
            right.Merge(left);
            var all = new HyperLogLog();
            foreach (var p in parts) foreach (var h in p) all.Add(h);
            Assert.Equal(forward.Estimate(), right.Estimate());
            Assert.Equal(all.Estimate(), right.Estimate());
        }, iter: 300, threads: 1);

    private static LogHistogram Histogram(long[] values)
    {
        var h = new LogHistogram();
        foreach (var v in values) h.Add(v);
        return h;
    }

    private static HyperLogLog Sketch(ulong[] hashes)
    {
        var s = new HyperLogLog();
        foreach (var h in hashes) s.Add(h);
        return s;
    }

    private static int[] Order(int n, int seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    private static string Describe(LogHistogram h)
        => $"n={h.Count} sum={h.Sum} min={h.Min} max={h.Max} p50={h.Quantile(0.5)} p90={h.Quantile(0.9)} p99={h.Quantile(0.99)} above1000={h.CountAbove(1000)}";
}
