using FastLog.Detection;
using FastLog.Detection.Web;

namespace FastLog.Tests.Detection;

/// <summary>
/// KeyedParts against a dictionary: any signed keys (the radix sort flips the sign bit), parts
/// split over workers and merged through a key map, small and large counts (comparison sort and
/// radix sort) settle to one joined value per key in ascending signed order.
/// </summary>
public class KeyedPartsTests
{
    private readonly record struct Sum(long Value) : IJoinable<Sum>
    {
        public static Sum Join(Sum a, Sum b) => new(a.Value + b.Value);
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 60_000)]
    public void SettledValuesAreTheSumsPerKeyInSignedOrder(int seed, int parts)
    {
        var random = new Random(seed);
        var pool = Enumerable.Range(0, 3000).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).Concat([long.MinValue, long.MaxValue, -1, 0, 1]).ToArray();
        var truth = new Dictionary<long, long>();
        var workers = new[] { new KeyedParts<Sum>(1 << 20), new KeyedParts<Sum>(1 << 20) };
        for (var i = 0; i < parts; i++)
        {
            var w = random.Next(2);
            var key = pool[random.Next(pool.Length)];
            var value = random.Next(1, 100);
            workers[w].Add(key, new Sum(value));
            // Worker 1's keys are mapped by negation when merged; its key 0 is dropped.
            var merged = w == 0 ? key : -key;
            if (w == 1 && key == 0) continue;
            truth[merged] = truth.GetValueOrDefault(merged) + value;
        }
        var all = new KeyedParts<Sum>(1 << 20);
        all.Merge(workers[0], (long key, out long mapped) => { mapped = key; return true; });
        all.Merge(workers[1], (long key, out long mapped) => { mapped = -key; return key != 0; });
        all.Settle();

        Assert.Equal(truth.Keys.Order(), all.Keys.ToArray());
        for (var i = 0; i < all.Keys.Length; i++) Assert.Equal(truth[all.Keys[i]], all.Values[i].Value);
        Assert.False(all.IsApproximate);
    }
}
