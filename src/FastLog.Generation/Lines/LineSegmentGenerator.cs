using FastLog.Diagnostics;
using FastLog.Generation.Attacks;
using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;

namespace FastLog.Generation.Lines;

/// <summary>
/// Plans a new-format scenario list over the log's span: (expected lines, first second, span in
/// seconds, seed) → scenarios with windows and event counts.
/// </summary>
internal delegate List<AttackScenario> ScenarioPlanner(long expectedLines, long startUnix, long spanSeconds, ulong seed);

/// <summary>
/// The frame of every generator but CLF's: background line <c>i</c> is written by
/// <see cref="WriteBackground"/> at the <see cref="TrafficClock"/> time of line <c>i</c>, the
/// scenario events are placed among them by time (<see cref="AttackPlanner.Place"/>), and segment
/// <c>s</c> holds background lines <c>[s·K, (s+1)·K)</c>, so it is a pure function of the options
/// and <c>s</c> (<see cref="ISegmentGenerator"/>). Timestamps are UTC.
/// </summary>
/// <typeparam name="TContext">Per-segment scratch state (timestamp caches, the current episode); one per segment written.</typeparam>
internal abstract class LineSegmentGenerator<TContext> : PeriodSegmentGenerator<TContext> where TContext : class
{
    /// <summary>
    /// Builds the clock and the plan: <paramref name="averageLineBytes"/> turns <c>--size</c> into a
    /// line count; no line is longer than <paramref name="maxLineBytes"/> (LF included, asserted).
    /// </summary>
    protected LineSegmentGenerator(GenerationOptions options, int averageLineBytes, int maxLineBytes, ScenarioPlanner? planner)
        : base(options, averageLineBytes, maxLineBytes, (expected, start, span) =>
        {
            var scenarios = options.Attacks && planner is not null ? planner(expected, start, span, options.Seed) : [];
            // All attacks together stay under a quarter of the lines, or are left out.
            return AttackPlanner.TotalEvents(scenarios) > expected / 4 ? [] : scenarios;
        })
    {
    }

    /// <summary>Writes background line <paramref name="line"/> (LF included) at <paramref name="time"/>; says what it is.</summary>
    protected abstract LineKind WriteBackground(ref ByteCursor c, ref Xoshiro256PlusPlus rng, long line, long time, TContext context);

    /// <summary>Writes event <paramref name="number"/> of scenario <paramref name="scenario"/> (LF included) at <paramref name="time"/>.</summary>
    protected abstract void WriteEvent(ref ByteCursor c, ref Xoshiro256PlusPlus rng, AttackScenario scenario, int number, long time, TContext context);

    /// <inheritdoc/>
    protected override void WriteSegment(GeneratedSegment segment, SegmentBounds bounds, ref Xoshiro256PlusPlus rng, ClockCursor clock, TContext context)
    {
        var (first, end, last, e) = bounds;
        var events = Plan.Events;

        // Invariant: events[e..] are at positions >= line; the ones at == line precede it. Every
        // line gets LineReserve bytes of room first, and no line is longer (asserted).
        for (var line = first; line < end; line++)
        {
            while (e < events.Length && events[e].Position == line) WriteAttack(segment, events[e++], context);
            var time = clock.Next();
            var c = new ByteCursor(segment.Reserve(LineReserve), segment.Length);
            var lineStart = c.Position;
            var kind = WriteBackground(ref c, ref rng, line, time, context);
            FastLogAssert.True(c.Position - lineStart <= LineReserve);
            if (kind == LineKind.Malformed) segment.MalformedLineEnds.Add(c.Position);
            else if (kind == LineKind.Header) segment.HeaderLineEnds.Add(c.Position);
            segment.Length = c.Position;
            segment.Lines++;
        }
        // Events planned after the last background line belong to the last segment.
        if (last)
            while (e < events.Length) WriteAttack(segment, events[e++], context);
    }

    private void WriteAttack(GeneratedSegment segment, in PlannedEvent e, TContext context)
    {
        // Each event draws from its own stream (seed, scenario, number): the same whichever segment writes it.
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(Seed, GenerationStreams.AttackEvent, ((ulong)e.Scenario << 32) | (uint)e.Number));
        var c = new ByteCursor(segment.Reserve(LineReserve), segment.Length);
        var lineStart = c.Position;
        WriteEvent(ref c, ref rng, Plan.Scenarios[e.Scenario], e.Number, e.Time, context);
        FastLogAssert.True(c.Position - lineStart <= LineReserve);
        segment.AttackLines.Add((e.Scenario, e.Time, c.Position));
        segment.Length = c.Position;
        segment.Lines++;
    }
}
