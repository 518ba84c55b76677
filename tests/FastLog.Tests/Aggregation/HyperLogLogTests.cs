using System.Text;
using FastLog.Aggregation.Sketches;
using Xunit;

namespace FastLog.Tests.Aggregation;

/// <summary>The distinct-count sketch: within the documented 2 % over the whole range, and merging is order-free.</summary>
public class HyperLogLogTests
{
    private static ulong Key(int i) => HyperLogLog.Hash(Encoding.ASCII.GetBytes($"203.0.{i >> 8}.{i & 255}/{i}"));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1_000)]
    [InlineData(40_000)] // linear-counting range of a classic HLL
    [InlineData(120_000)] // where a classic HLL switches estimators and is biased
    [InlineData(1_500_000)]
    public void Estimate_IsWithinTwoPercent_OfTheTrueCount(int distinct)
    {
        var sketch = new HyperLogLog();
        // Every key twice: duplicates must not count.
        for (var round = 0; round < 2; round++)
            for (var i = 0; i < distinct; i++) sketch.Add(Key(i));
        var estimate = sketch.Estimate();
        Assert.True(Math.Abs(estimate - distinct) <= Math.Max(0.02 * distinct, 0.5), $"{distinct} distinct keys estimated as {estimate}");
    }

    [Fact]
    public void MergedParts_InAnyOrder_EstimateAsTheWhole()
    {
        const int distinct = 90_000;
        var whole = new HyperLogLog();
        var parts = Enumerable.Range(0, 5).Select(_ => new HyperLogLog()).ToArray();
        for (var i = 0; i < distinct; i++)
        {
            whole.Add(Key(i));
            parts[i % 5].Add(Key(i));
            parts[(i * 7) % 5].Add(Key(i)); // a key on two sides counts once
        }
        var forward = new HyperLogLog();
        foreach (var part in parts) forward.Merge(part);
        var backward = parts[^1].Clone();
        for (var p = parts.Length - 2; p >= 0; p--) backward.Merge(parts[p]);
        Assert.Equal(whole.Estimate(), forward.Estimate());
        Assert.Equal(whole.Estimate(), backward.Estimate());
    }
}
