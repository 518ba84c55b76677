using FastLog.Detection;
using FastLog.Detection.Web;

namespace FastLog.Tests.Detection;

/// <summary>
/// The deferred (client, minute) counts of W11 against a plain dictionary of every record: after
/// segments in any order, overlapping or not, clients going back in time, runs too long or too
/// far in time to buffer, and merges through id maps, every (client, minute) over 300 is in the
/// table with its exact total, and every key in the table has its exact total.
/// </summary>
public class ClientMinuteRunsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SettledCountsAreExactForEveryKeyThatCanMatter(int seed)
    {
        var random = new Random(seed);
        const int clients = 12;
        var truth = new Dictionary<(int Ip, long Minute), long>();
        var workers = new[] { new ClientMinuteRuns<ClientRun>(1 << 20), new ClientMinuteRuns<ClientRun>(1 << 20), new ClientMinuteRuns<ClientRun>(1 << 20) };
        // Worker w's local client id c is global id maps[w][c]; worker 2 drops client 5 (refused by the merged table).
        var maps = workers.Select(_ => Enumerable.Range(0, clients).OrderBy(_ => random.Next()).ToArray()).ToArray();
        maps[2][5] = -1;
        foreach (var worker in workers) worker.EnsureClients(clients);

        for (var segment = 0; segment < 40; segment++)
        {
            var w = random.Next(workers.Length);
            var worker = workers[w];
            worker.EndSegment();
            // Segments start anywhere in 400 minutes and last up to an hour: some overlap, some do not.
            var minute = 1_000_000L + random.Next(400);
            var records = random.Next(50, 2000);
            for (var i = 0; i < records; i++)
            {
                var roll = random.Next(100);
                if (roll < 3) minute++; // time moves on
                var at = minute;
                if (roll is >= 3 and < 5) at = minute - random.Next(1, 3); // a line logged late
                if (roll == 5 && i % 7 == 0) at = random.Next(2) == 0 ? 1L << 50 : -(1L << 50); // clamped far minutes
                var ip = random.Next(10) < 7 ? random.Next(3) : random.Next(clients); // a few busy clients
                var burst = random.Next(500) == 0 ? 1100 : 1; // a run too long to buffer
                for (var b = 0; b < burst; b++)
                {
                    worker.Add(ip, at * 60 + random.Next(60));
                    var global = maps[w][ip];
                    if (global < 0) continue;
                    var key = (global, Math.Clamp(at, -ClientMinuteRuns.MaxMinute - 1, ClientMinuteRuns.MaxMinute));
                    truth[key] = truth.GetValueOrDefault(key) + 1;
                }
            }
        }

        // Merge every worker into a fresh state through its id map, as the pipeline merges worker states.
        var merged = new ClientMinuteRuns<ClientRun>(1 << 20);
        merged.EnsureClients(clients);
        for (var w = 0; w < workers.Length; w++) merged.Merge(workers[w], maps[w]);
        merged.Resolve();

        var table = new Dictionary<(int, long), long>();
        for (var id = 0; id < merged.Exact.Count; id++)
        {
            var key = merged.Exact.KeyOf(id);
            table[(ClientMinuteRuns.ClientOf(key), ClientMinuteRuns.MinuteOf(key))] = merged.Exact.Counts[id];
        }
        var over = truth.Where(t => t.Value > 300).ToList();
        Assert.NotEmpty(over);
        Assert.Contains(truth, t => t.Value is > 1 and <= 300 && !table.ContainsKey(t.Key)); // something was dropped
        foreach (var (key, total) in over) Assert.Equal(total, table.GetValueOrDefault(key));
        foreach (var (key, count) in table) Assert.Equal(truth[key], count);
        Assert.Throws<InvalidOperationException>(() => merged.Merge(new ClientMinuteRuns<ClientRun>(16), new int[clients]));
    }
}
