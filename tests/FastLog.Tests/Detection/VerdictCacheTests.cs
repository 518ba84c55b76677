using System.Text;
using FastLog.Detection;
using FastLog.Detection.Web;

namespace FastLog.Tests.Detection;

/// <summary>
/// The query verdict cache against a dictionary: a hit always returns the verdict set for exactly
/// that string (strings differing in one byte, in length only, holding NUL, or past the length
/// limit), and a full table stops caching instead of answering wrongly.
/// </summary>
public class VerdictCacheTests
{
    [Fact]
    public void HitsAreExactAndMissesAreSafe()
    {
        var random = new Random(7);
        var cache = new VerdictCache();
        var truth = new Dictionary<string, bool>();
        // Near-identical strings (pagination, one byte apart, prefixes of each other) and random ones, 40,000 in all: past the table's room.
        var values = new List<string>();
        for (var i = 0; i < 200; i++) values.Add($"page={i}&sort=asc");
        for (var i = 0; i < 200; i++) values.Add(new string('a', i % 70));
        values.Add("id=1\0x");
        values.Add("id=1\0y");
        while (values.Count < 40_000) values.Add(new string(Enumerable.Range(0, random.Next(1, 80)).Select(_ => (char)random.Next(32, 127)).ToArray()));
        var hits = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var value in values)
            {
                var bytes = Encoding.Latin1.GetBytes(value);
                if (cache.TryGet(bytes, out var verdict))
                {
                    hits++;
                    Assert.Equal(truth[value], verdict);
                    continue;
                }
                var expected = truth.TryGetValue(value, out var known) ? known : random.Next(2) == 0;
                truth[value] = expected;
                cache.Set(bytes, expected);
            }
        }
        Assert.True(hits > 30_000, $"{hits} hits"); // the cache does cache
        Assert.False(cache.TryGet(Encoding.Latin1.GetBytes(new string('b', VerdictCache.MaxLength + 1)), out _));
    }
}
