using FastLog.Generation.Sampling;

namespace FastLog.Tests.Generation;

/// <summary>The random number generators against their reference implementations; the alias table against its weights.</summary>
public class SamplingTests
{
    // splitmix64.c (Vigna) from state 0: the first outputs.
    [Fact]
    public void SplitMix64_MatchesReference()
    {
        var s = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, s.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, s.Next());
        Assert.Equal(0x06C45D188009454FUL, s.Next());
    }

    // xoshiro256plusplus.c from the state {0, 0, 0, 1}: the first ten outputs.
    [Fact]
    public void Xoshiro256PlusPlus_MatchesReference()
    {
        var rng = new Xoshiro256PlusPlus(0, 0, 0, 1);
        ulong[] expected =
        [
            0x0000000000800000, 0x0000000000800011, 0x0002200000800011, 0x0002200044000020, 0x00022000448008A1,
            0x01102100802208A0, 0x0114002284200880, 0x0402896644A64095, 0x8A14A0A244ACC891, 0x8C88BA4680B20495,
        ];
        foreach (var e in expected) Assert.Equal(e, rng.NextUInt64());
    }

    [Fact]
    public void Derive_GivesDistinctSeedsForNeighbouringInputs()
    {
        var seen = new HashSet<ulong>();
        for (ulong seed = 0; seed < 4; seed++)
            for (ulong stream = 0; stream < 8; stream++)
                for (ulong index = 0; index < 64; index++)
                    Assert.True(seen.Add(SplitMix64.Derive(seed, stream, index)), $"collision at {seed}/{stream}/{index}");
    }

    [Fact]
    public void AliasTable_DrawsInProportionToTheWeights()
    {
        double[] weights = [5, 0, 1, 3, 0.5, 0.5];
        var table = new AliasTable(weights);
        var rng = new Xoshiro256PlusPlus(42);
        var counts = new long[weights.Length];
        const int draws = 1_000_000;
        for (var i = 0; i < draws; i++) counts[table.Sample(ref rng)]++;
        var sum = weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            var expected = draws * weights[i] / sum;
            // 5 standard deviations of a binomial count; exact zero for zero weights.
            var tolerance = weights[i] == 0 ? 0 : 5 * Math.Sqrt(expected);
            Assert.InRange(counts[i], expected - tolerance, expected + tolerance);
        }
    }

    [Fact]
    public void NextBelow_StaysInRange()
    {
        var rng = new Xoshiro256PlusPlus(7);
        for (var i = 0; i < 100_000; i++) Assert.InRange(rng.NextBelow(3), 0u, 2u);
        Assert.Equal(0u, rng.NextBelow(1));
    }
}
