using FastLog.Generation.Attacks;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>
/// The frame of the generators whose background follows a <see cref="GeneratedPeriod"/> in UTC
/// (every format but CLF): its clock and scenario plan, segments of <see cref="SegmentLines"/>
/// background lines, and the room reserved for a line.
/// </summary>
/// <typeparam name="TContext">Per-segment scratch state (timestamp caches, the current episode); one per <see cref="Write"/> call.</typeparam>
internal abstract class PeriodSegmentGenerator<TContext> : ISegmentGenerator where TContext : class
{
    /// <summary>Background lines per segment (even: two-line episodes never straddle segments).</summary>
    public const int SegmentLines = 16_384;

    private readonly long _backgroundLines; // -1: unbounded (--size)

    /// <summary>The run's seed.</summary>
    protected ulong Seed { get; }

    /// <summary>Bytes reserved before each line: the longest line (LF included) and slack.</summary>
    protected int LineReserve { get; }

    /// <summary>When background lines happen.</summary>
    internal TrafficClock Clock { get; }

    /// <summary>The scenarios and their placed events.</summary>
    internal AttackPlan Plan { get; }

    /// <summary>Lines expected over the whole log, scenario events included.</summary>
    protected long Expected { get; }

    /// <summary>Background lines expected over the whole log (exact with <c>--lines</c>, estimated with <c>--size</c>).</summary>
    protected long ExpectedBackground { get; }

    /// <summary>
    /// Builds the clock and the plan: <paramref name="averageLineBytes"/> turns <c>--size</c> into a
    /// line count; no line is longer than <paramref name="maxLineBytes"/> (LF included, asserted);
    /// <paramref name="planScenarios"/> picks the scenarios from (expected lines, start, span).
    /// </summary>
    protected PeriodSegmentGenerator(GenerationOptions options, int averageLineBytes, int maxLineBytes,
        Func<long, long, long, IReadOnlyList<AttackScenario>> planScenarios)
    {
        Seed = options.Seed;
        LineReserve = maxLineBytes + 16;
        var period = new GeneratedPeriod(options.Lines, options.SizeBytes, averageLineBytes, 0, options.Seed, planScenarios);
        Expected = period.Expected;
        ExpectedBackground = period.ExpectedBackground;
        _backgroundLines = period.BackgroundLines;
        Clock = period.Clock;
        Plan = period.Plan;
        SegmentCount = period.SegmentCount(SegmentLines);
    }

    /// <inheritdoc/>
    public long SegmentCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<AttackScenario> Scenarios => Plan.Scenarios;

    /// <inheritdoc/>
    public string TimezoneOffset => "+0000";

    /// <inheritdoc/>
    public long EndUnixSeconds => Clock.StartUnix + Clock.PeriodSeconds;

    /// <inheritdoc/>
    public void Write(long index, GeneratedSegment segment)
    {
        segment.Reset(index);
        var bounds = SegmentBounds.Of(index, SegmentLines, _backgroundLines, Plan);
        var rng = SegmentBounds.Random(Seed, index);
        WriteSegment(segment, bounds, ref rng, Clock.Seek(bounds.First), CreateContext());
    }

    /// <summary>
    /// Writes the background lines of <paramref name="bounds"/> into <paramref name="segment"/>
    /// (emptied), with the planned events among them; <paramref name="rng"/> is the segment's
    /// stream, <paramref name="clock"/> at its first line.
    /// </summary>
    protected abstract void WriteSegment(GeneratedSegment segment, SegmentBounds bounds, ref Xoshiro256PlusPlus rng, ClockCursor clock, TContext context);

    /// <summary>Fresh per-segment state.</summary>
    protected abstract TContext CreateContext();
}
