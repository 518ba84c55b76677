using FastLog.Aggregation.Sketches;

namespace FastLog.Tests.Aggregation;

public class LogHistogramTests
{
    private static long ExactNearestRank(long[] sorted, double q) => sorted[Math.Max(1, (long)Math.Ceiling(q * sorted.Length)) - 1];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void QuantilesAreWithinTheDocumentedRelativeError(int seed)
    {
        var random = new Random(seed);
        var values = new long[50_000];
        for (var i = 0; i < values.Length; i++)
            values[i] = seed switch { 1 => random.NextInt64(0, 200), 2 => (long)Math.Exp(random.NextDouble() * 30), _ => random.NextInt64(0, long.MaxValue / 4) };
        var h = new LogHistogram();
        foreach (var v in values) h.Add(v);
        Array.Sort(values);
        foreach (var q in new[] { 0.0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0 })
        {
            var exact = ExactNearestRank(values, q);
            var estimate = h.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= exact / 256.0 + 0.5, $"q={q}: {estimate} vs exact {exact}");
        }
        Assert.Equal(values.Length, h.Count);
        Assert.Equal(values[0], h.Min);
        Assert.Equal(values[^1], h.Max);
    }

    [Fact]
    public void SmallValuesAreExact()
    {
        var h = new LogHistogram();
        for (var v = 0; v < 128; v++) h.Add(v);
        Assert.Equal(63, h.Quantile(0.5));
        Assert.Equal(126, h.Quantile(0.99));
    }

    [Fact]
    public void MergingAnySplitEqualsTheWhole()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 10_000).Select(_ => random.NextInt64(0, 10_000_000)).ToArray();
        var whole = new LogHistogram();
        foreach (var v in values) whole.Add(v);
        var parts = new[] { new LogHistogram(), new LogHistogram(), new LogHistogram() };
        for (var i = 0; i < values.Length; i++) parts[random.Next(3)].Add(values[i]);
        var merged = new LogHistogram();
        foreach (var p in parts.Reverse()) merged.Merge(p);
        foreach (var q in new[] { 0.5, 0.9, 0.95, 0.99 }) Assert.Equal(whole.Quantile(q), merged.Quantile(q));
        Assert.Equal((whole.Count, whole.Sum, whole.Min, whole.Max), (merged.Count, merged.Sum, merged.Min, merged.Max));
    }
}
