using FastLog.Formats.Fields;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>
/// When each background line happens: a day/night curve over whole local days, as a table of
/// how many lines fall in each minute. Line <c>i</c>'s timestamp is a pure function of <c>i</c>,
/// so any segment of the log can be generated on its own and timestamps never go backwards.
/// </summary>
/// <remarks>
/// Minute <c>m</c> holds lines <c>[firstLine[m], firstLine[m + 1])</c>, spread evenly over its 60
/// seconds. Past the last minute the pattern repeats (same line count, shifted by the span):
/// that is how <c>--size</c> runs longer than the estimate keep going.
/// </remarks>
internal sealed class TrafficClock
{
    private const int MinutesPerDay = 1440;
    private readonly long[] _firstLine;

    /// <summary>Unix seconds (UTC) of the first minute: local midnight of the first day.</summary>
    public long StartUnix { get; }

    /// <summary>Whole days in one pass of the table.</summary>
    public int Days { get; }

    /// <summary>Background lines in one pass of the table.</summary>
    public long PeriodLines { get; }

    /// <summary>Seconds in one pass of the table.</summary>
    public long PeriodSeconds => Days * 86400L;

    /// <summary>
    /// Spreads <paramref name="periodLines"/> lines over <paramref name="days"/> local days starting
    /// on Monday <paramref name="startLocalDay"/> (days since 1970-01-01) at UTC offset
    /// <paramref name="offsetSeconds"/>: quiet at 04:00, busiest late afternoon, weekends lighter,
    /// with seeded day-to-day and minute-to-minute jitter.
    /// </summary>
    public TrafficClock(long startLocalDay, int offsetSeconds, int days, long periodLines, ulong seed)
    {
        if (days < 1) throw new ArgumentOutOfRangeException(nameof(days));
        if (periodLines < 1) throw new ArgumentOutOfRangeException(nameof(periodLines));
        Days = days;
        PeriodLines = periodLines;
        StartUnix = startLocalDay * 86400L - offsetSeconds;
        var minutes = days * MinutesPerDay;
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.Clock, 0));
        // Integer weights so the table is exact: the cumulative sums below are the only rounding.
        var weights = new long[minutes];
        long total = 0;
        var weekday = (int)((startLocalDay + 3) % 7); // 1970-01-01 was a Thursday; 0 = Monday
        for (var d = 0; d < days; d++)
        {
            var dayFactor = 0.9 + 0.2 * rng.NextDouble();
            if ((weekday + d) % 7 >= 5) dayFactor *= 0.7;
            for (var m = 0; m < MinutesPerDay; m++)
            {
                var hour = m / 60.0;
                var diurnal = 0.575 - 0.425 * Math.Cos((hour - 4.0) / 24.0 * 2 * Math.PI);
                var noise = 0.85 + 0.3 * rng.NextDouble();
                var w = (long)(diurnal * dayFactor * noise * 1_000_000);
                weights[d * MinutesPerDay + m] = w;
                total += w;
            }
        }
        _firstLine = new long[minutes + 1];
        long cumulative = 0;
        for (var m = 0; m < minutes; m++)
        {
            _firstLine[m] = (long)((Int128)periodLines * cumulative / total);
            cumulative += weights[m];
        }
        _firstLine[minutes] = periodLines;
    }

    /// <summary>Number of background lines whose timestamp is at or before <paramref name="unixSeconds"/> (which is at or after <see cref="StartUnix"/>).</summary>
    public long LinesAtOrBefore(long unixSeconds)
    {
        var since = unixSeconds - StartUnix;
        if (since < 0) return 0;
        var period = since / PeriodSeconds;
        var rest = since - period * PeriodSeconds;
        var minute = (int)(rest / 60);
        var second = rest - minute * 60L;
        var n = _firstLine[minute + 1] - _firstLine[minute];
        // Line j of the minute is at second floor(j * 60 / n), which is <= second exactly when
        // j < (second + 1) * n / 60.
        var inMinute = Math.Min(n, ((second + 1) * n + 59) / 60);
        return period * PeriodLines + _firstLine[minute] + inMinute;
    }

    /// <summary>A cursor whose first <see cref="ClockCursor.Next"/> returns the timestamp of line <paramref name="line"/>.</summary>
    public ClockCursor Seek(long line)
    {
        var period = line / PeriodLines;
        var rest = line - period * PeriodLines;
        // Largest m with firstLine[m] <= rest; then firstLine[m + 1] > rest, so minute m is not empty.
        int lo = 0, hi = _firstLine.Length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_firstLine[mid] <= rest) lo = mid;
            else hi = mid - 1;
        }
        return new ClockCursor(_firstLine, StartUnix, PeriodSeconds, period, lo, rest - _firstLine[lo]);
    }

    /// <summary>The local calendar day (days since 1970-01-01) of the first day: Monday 4 March 2024.</summary>
    public static long DefaultStartLocalDay => ClfTimestampField.DaysFromCivil(2024, 3, 4);
}
