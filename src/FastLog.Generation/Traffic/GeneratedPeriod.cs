using FastLog.Generation.Attacks;

namespace FastLog.Generation.Traffic;

/// <summary>
/// How long a generated log runs and where its attacks fall, the same for every generator: the
/// expected line count (<c>--lines</c>, or <c>--size</c> over an average line length), a span of
/// 2 to 14 days at about 1.5M lines a day from <see cref="TrafficClock.DefaultStartLocalDay"/>,
/// the clock of the background lines and the placed attack plan.
/// </summary>
internal sealed class GeneratedPeriod
{
    /// <summary>Lines expected in all (exact with <c>--lines</c>).</summary>
    public long Expected { get; }

    /// <summary>Background lines expected (exact with <c>--lines</c>, estimated with <c>--size</c>).</summary>
    public long ExpectedBackground { get; }

    /// <summary>Background lines to write, or -1 when the log is cut by size.</summary>
    public long BackgroundLines { get; }

    /// <summary>The time of each background line.</summary>
    public TrafficClock Clock { get; }

    /// <summary>The attack scenarios and the lines they fall on.</summary>
    public AttackPlan Plan { get; }

    /// <summary>
    /// Plans a log of <paramref name="lines"/> lines or about <paramref name="sizeBytes"/> bytes
    /// (exactly one), in local time <paramref name="offsetSeconds"/> from UTC;
    /// <paramref name="planScenarios"/> picks the attacks from (expected lines, start, span).
    /// </summary>
    public GeneratedPeriod(long? lines, long? sizeBytes, int averageLineBytes, int offsetSeconds, ulong seed,
        Func<long, long, long, IReadOnlyList<AttackScenario>> planScenarios)
    {
        if (lines is null == sizeBytes is null) throw new ArgumentException("exactly one of lines and size");
        Expected = lines ?? Math.Max(1, sizeBytes!.Value / averageLineBytes);
        var days = (int)Math.Clamp((Expected + 1_499_999) / 1_500_000, 2, 14);
        var startLocalDay = TrafficClock.DefaultStartLocalDay;
        var scenarios = planScenarios(Expected, startLocalDay * 86400L - offsetSeconds, days * 86400L);
        ExpectedBackground = Math.Max(1, Expected - AttackPlanner.TotalEvents(scenarios));
        BackgroundLines = lines is null ? -1 : ExpectedBackground;
        Clock = new TrafficClock(startLocalDay, offsetSeconds, days, ExpectedBackground, seed);
        Plan = AttackPlanner.Place(scenarios, Clock, seed);
    }

    /// <summary>Segments of <paramref name="segmentLines"/> background lines; unbounded when cut by size.</summary>
    public long SegmentCount(int segmentLines) => BackgroundLines < 0 ? long.MaxValue : (BackgroundLines + segmentLines - 1) / segmentLines;
}
