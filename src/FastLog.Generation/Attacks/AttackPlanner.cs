using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;

namespace FastLog.Generation.Attacks;

/// <summary>
/// Decides the scenarios of a run (how many of each kind, their addresses, windows and request
/// counts, scaled to the log's size) and then places every request among the background lines.
/// </summary>
/// <remarks>
/// Per million expected lines there is one scenario of each kind (two brute forces: a login
/// form and basic auth); each doubling of the size beyond that adds one more of each. Request
/// counts scale down with smaller logs (never below what the detection thresholds need, e.g. 10
/// 401s in 5 minutes), and all attacks together stay under a quarter of the lines, or are left out.
/// </remarks>
internal static class AttackPlanner
{
    private readonly record struct KindPlan(AttackKind Kind, int Variant, int BaseEvents, int MinEvents, double MinRate, double MaxRate);

    /// <summary>The scenarios for a log of <paramref name="expectedLines"/> lines over <c>[startUnix, startUnix + spanSeconds)</c>.</summary>
    public static List<AttackScenario> PlanScenarios(long expectedLines, long startUnix, long spanSeconds, ulong seed)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.AttackPlan, 0));
        var instances = 1 + (int)Math.Floor(Math.Log2(Math.Max(1.0, expectedLines / 1e6)));
        var scale = Math.Min(1.0, expectedLines / 1e6);
        var kinds = new List<KindPlan>();
        for (var i = 0; i < instances; i++)
        {
            // Rates are requests per minute.
            kinds.Add(new(AttackKind.BruteForce, 2 * i, 400, 20, 8, 30));
            kinds.Add(new(AttackKind.BruteForce, 2 * i + 1, 300, 20, 8, 25));
            kinds.Add(new(AttackKind.DirectoryScan, i, 1500, 60, 150, 400));
            kinds.Add(new(AttackKind.SqlInjection, i, 250, 10, 10, 60));
            kinds.Add(new(AttackKind.PathTraversal, i, 150, 10, 10, 40));
            kinds.Add(new(AttackKind.Xss, i, 120, 10, 5, 30));
            kinds.Add(new(AttackKind.Jndi, i, 40, 5, 0.2, 1));
            kinds.Add(new(AttackKind.ReconTool, i, 300, 10, 30, 200));
            kinds.Add(new(AttackKind.SecretFiles, i, 60, 8, 5, 40));
            kinds.Add(new(AttackKind.RateBot, i, 5000, 150, 350, 600));
        }
        var counts = new int[kinds.Count];
        long total = 0;
        for (var k = 0; k < kinds.Count; k++)
        {
            var jitter = 0.75 + 0.5 * rng.NextDouble();
            counts[k] = Math.Max(kinds[k].MinEvents, (int)Math.Round(kinds[k].BaseEvents * scale * jitter));
            total += counts[k];
        }
        var budget = expectedLines / 4;
        if (total > budget)
        {
            var factor = (double)budget / total;
            total = 0;
            for (var k = 0; k < counts.Length; k++)
            {
                counts[k] = Math.Max(1, (int)(counts[k] * factor));
                total += counts[k];
            }
            if (total > budget) return [];
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var scenarios = new List<AttackScenario>();
        for (var k = 0; k < kinds.Count; k++)
        {
            var plan = kinds[k];
            var rate = plan.MinRate + (plan.MaxRate - plan.MinRate) * rng.NextDouble();
            var window = Math.Max(60L, (long)Math.Ceiling(counts[k] / rate * 60));
            window = Math.Min(window, spanSeconds * 9 / 10);
            var earliest = startUnix + spanSeconds / 50;
            var latest = Math.Max(earliest, startUnix + spanSeconds * 97 / 100 - window);
            var start = earliest + (long)((latest - earliest) * rng.NextDouble());
            string address;
            do address = AttackAddress(ref rng, ipv6: k % 7 == 5);
            while (!taken.Add(address));
            scenarios.Add(new AttackScenario
            {
                Index = k,
                Kind = plan.Kind,
                Variant = plan.Variant,
                SourceIp = address,
                User = plan.Kind == AttackKind.BruteForce && plan.Variant % 2 == 1 ? AttackCatalog.BasicAuthUser(plan.Variant / 2) : null,
                WindowStart = start,
                WindowSeconds = window,
                Events = counts[k],
            });
        }
        return scenarios;
    }

    /// <summary>Total requests of <paramref name="scenarios"/>.</summary>
    public static long TotalEvents(IReadOnlyList<AttackScenario> scenarios)
    {
        long total = 0;
        foreach (var s in scenarios) total += s.Events;
        return total;
    }

    /// <summary>Gives every request a time in its window and a place among the background lines of <paramref name="clock"/>.</summary>
    public static AttackPlan Place(IReadOnlyList<AttackScenario> scenarios, TrafficClock clock, ulong seed)
    {
        if (scenarios.Count == 0) return AttackPlan.None;
        var events = new PlannedEvent[TotalEvents(scenarios)];
        var n = 0;
        foreach (var s in scenarios)
        {
            var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.AttackWindow, (ulong)s.Index));
            var offsets = new long[s.Events];
            for (var i = 0; i < offsets.Length; i++) offsets[i] = (long)(s.WindowSeconds * rng.NextDouble());
            Array.Sort(offsets);
            // A success after the failures: the last event closes the window.
            if (s.LastAtEnd && offsets.Length > 0) offsets[^1] = s.WindowSeconds;
            for (var i = 0; i < offsets.Length; i++)
            {
                var time = s.WindowStart + offsets[i];
                events[n++] = new PlannedEvent(clock.LinesAtOrBefore(time), time, s.Index, i);
            }
        }
        Array.Sort(events);
        return new AttackPlan(scenarios, events);
    }

    private static string AttackAddress(ref Xoshiro256PlusPlus rng, bool ipv6)
    {
        if (ipv6)
            return $"{ClientPool.AttackIpv6Prefix:x}:{rng.NextBelow(0xFFFF) + 1:x}:{rng.NextBelow(0xFFFF) + 1:x}::{rng.NextBelow(0xFFFF) + 1:x}";
        var octets = ClientPool.AttackOctets;
        return $"{octets[(int)rng.NextBelow((uint)octets.Length)]}.{rng.NextBelow(256)}.{rng.NextBelow(256)}.{rng.NextBelow(254) + 1}";
    }
}
