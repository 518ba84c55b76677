using FastLog.Detection;
using FastLog.Detection.Web;

namespace FastLog.Tests.Detection;

/// <summary>
/// The deferred error windows of W9/W10/W10b against plain dictionaries of every response: parts
/// split anyhow over workers, buffers small enough to be compacted many times, and merges through
/// id maps give every window's exact totals, and exact distinct 404 paths wherever it has at
/// least the asked number of 404s.
/// </summary>
public class ErrorWindowsTests
{
    [Theory]
    [InlineData(1, 40, 30, 25, 1 << 20)]
    [InlineData(2, 40, 30, 25, 1 << 20)]
    [InlineData(3, 10, 10, 5, 2000)] // buffers of 4,000: the 5,000 parts and ~12,000 pairs are compacted several times
    public void SettledWindowsAreExact(int seed, int clients, int buckets, int paths, int maxKeys)
    {
        var random = new Random(seed);
        const int minNotFound = 6;
        var truth = new Dictionary<long, (long Errors, long Auth, long NotFound)>();
        var truthPaths = new Dictionary<long, HashSet<int>>();
        var workers = new[] { new ErrorWindows(maxKeys), new ErrorWindows(maxKeys), new ErrorWindows(maxKeys) };
        // Worker w's client c is global client maps[w][c]; worker 1 drops client 7 (refused when merged).
        var maps = workers.Select(_ => Enumerable.Range(0, clients).OrderBy(_ => random.Next()).ToArray()).ToArray();
        maps[1][7] = -1;
        // Path ids are worker-local too: worker w's path p is global path p + 1000 * w, mapped back when merged.

        for (var part = 0; part < 5000; part++)
        {
            var w = random.Next(workers.Length);
            var client = random.Next(clients);
            var bucket = random.Next(buckets) - 5; // negative buckets too
            var errors = random.Next(1, 12);
            var auth = random.Next(errors + 1);
            var notFound = random.Next(errors - auth + 1);
            var key = BucketKey.Of(client, bucket);
            workers[w].AddPart(key, new ErrorWindows.Counts(errors, auth, notFound));
            var notFoundPaths = Enumerable.Range(0, notFound).Select(_ => random.Next(paths)).ToArray();
            foreach (var path in notFoundPaths) workers[w].AddNotFound(key, path);

            var global = maps[w][client];
            if (global < 0) continue;
            var globalKey = BucketKey.Of(global, bucket);
            var t = truth.GetValueOrDefault(globalKey);
            truth[globalKey] = (t.Errors + errors, t.Auth + auth, t.NotFound + notFound);
            if (!truthPaths.TryGetValue(globalKey, out var set)) truthPaths[globalKey] = set = [];
            foreach (var path in notFoundPaths) set.Add(path + 1000 * w);
        }

        var merged = new ErrorWindows(maxKeys);
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = w;
            merged.Merge(workers[w], maps[w], path => path + 1000 * worker);
        }
        var windows = merged.Settle(minNotFound);

        Assert.False(merged.IsApproximate);
        Assert.Equal(truth.Keys.Order(), windows.Select(x => x.Key));
        foreach (var (key, counts, notFoundPaths) in windows)
        {
            var t = truth[key];
            Assert.Equal(new ErrorWindows.Counts(t.Errors, t.Auth, t.NotFound), counts);
            Assert.Equal(t.NotFound >= minNotFound ? truthPaths[key].Count : 0, notFoundPaths);
        }
        Assert.Contains(windows, x => x.NotFoundPaths > 0);
        Assert.Throws<InvalidOperationException>(() => merged.AddPart(0, new ErrorWindows.Counts(1, 0, 0)));
    }

    [Fact]
    public void PartsPastTheBudgetAreRefusedAndSaySo()
    {
        var windows = new ErrorWindows(100);
        for (var client = 0; client < 5000; client++) windows.AddPart(BucketKey.Of(client, 1), new ErrorWindows.Counts(1, 0, 0));
        Assert.True(windows.IsApproximate);
        Assert.InRange(windows.Settle(50).Count, 100, 1100); // the budget held, give or take one compaction's buffer
    }
}
