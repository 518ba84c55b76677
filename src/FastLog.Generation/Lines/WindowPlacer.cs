using FastLog.Generation.Sampling;

namespace FastLog.Generation.Lines;

/// <summary>Where a scenario's window goes in the log's span: away from the edges, inside one fixed bucket when its rule counts per bucket.</summary>
internal static class WindowPlacer
{
    /// <summary>
    /// A start for a window of <paramref name="window"/> seconds in <c>[startUnix, startUnix + span)</c>;
    /// with <paramref name="bucket"/> &gt; 0 the window lies inside one bucket aligned to multiples
    /// of it (window &lt; bucket), so fixed-bucket and sliding counts both see every event.
    /// </summary>
    public static long Start(ref Xoshiro256PlusPlus rng, long startUnix, long span, long window, long bucket)
    {
        var earliest = startUnix + span / 50;
        var latest = Math.Max(earliest, startUnix + span * 97 / 100 - window - bucket);
        var start = earliest + (long)((latest - earliest) * rng.NextDouble());
        if (bucket <= 0) return start;
        var slack = bucket - window;
        return start - start % bucket + 1 + (long)((slack - 2) * rng.NextDouble());
    }
}
