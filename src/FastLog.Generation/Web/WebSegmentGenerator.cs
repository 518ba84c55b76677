using FastLog.Diagnostics;
using FastLog.Generation.Attacks;
using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;

namespace FastLog.Generation.Web;

/// <summary>
/// The frame of the w3c and alb generators: background slot <c>i</c> is either a directive line
/// (<see cref="IsDirective"/>) or a request of <see cref="WebTraffic"/> at the
/// <see cref="TrafficClock"/> time of slot <c>i</c>; the web attack scenarios of
/// <see cref="AttackPlanner"/> (the same as in access logs) are written among them by time, and
/// segment <c>s</c> holds slots <c>[s·K, (s+1)·K)</c>, so it is a pure function of the options
/// and <c>s</c> (<see cref="ISegmentGenerator"/>). Timestamps are UTC.
/// </summary>
/// <remarks>
/// Scenario requests never go between the lines of a directive block: the ones placed before a
/// directive slot are written before the next request slot instead. A subclass keeps each block
/// and the slot after it inside one segment, so that next slot is always in the same segment.
/// </remarks>
/// <typeparam name="TContext">Per-segment scratch state (timestamp caches); one per segment written.</typeparam>
internal abstract class WebSegmentGenerator<TContext> : PeriodSegmentGenerator<TContext> where TContext : class
{
    /// <summary>The background traffic model and the scenario renderer.</summary>
    internal WebTraffic Traffic { get; }

    /// <summary>
    /// Builds the clock, the plan and the traffic model: <paramref name="averageLineBytes"/> turns
    /// <c>--size</c> into a line count; no line is longer than <paramref name="maxLineBytes"/> (LF included, asserted).
    /// </summary>
    protected WebSegmentGenerator(GenerationOptions options, int averageLineBytes, int maxLineBytes)
        : base(options, averageLineBytes, maxLineBytes,
            (expected, start, span) => options.Attacks ? AttackPlanner.PlanScenarios(expected, start, span, options.Seed) : [])
    {
        Traffic = new WebTraffic(Expected, Plan, options.Seed, options.Shape);
    }

    /// <summary>True when background slot <paramref name="slot"/> is a directive line (never for alb).</summary>
    protected virtual bool IsDirective(long slot) => false;

    /// <summary>Writes directive slot <paramref name="slot"/> (LF included) at <paramref name="time"/>.</summary>
    protected virtual void WriteDirective(ref ByteCursor c, long slot, long time, TContext context) => throw new InvalidOperationException("no directives");

    /// <summary>
    /// Writes <paramref name="record"/> as one line (LF included). <paramref name="slot"/> is the
    /// background slot it is, or precedes (<paramref name="scenario"/>: a scenario request);
    /// <paramref name="rng"/> supplies the format's own extra choices (ports, byte counts, trace ids).
    /// </summary>
    protected abstract void WriteRecord(ref ByteCursor c, ref AccessRecord record, bool scenario, ref Xoshiro256PlusPlus rng, long slot, TContext context);

    /// <inheritdoc/>
    protected override void WriteSegment(GeneratedSegment segment, SegmentBounds bounds, ref Xoshiro256PlusPlus rng, ClockCursor clock, TContext context)
    {
        var (first, end, last, e) = bounds;
        var events = Plan.Events;
        // Transient addresses and targets with ids are written here; heap, so records may point into it.
        var scratch = new byte[WebTraffic.ScratchBytes];

        // Invariant: events[e..] are not yet written; before a request slot every event placed at
        // or before it is written (those placed on directive slots wait for the next request slot).
        // Every line gets LineReserve bytes of room first, and no line is longer (asserted).
        for (var slot = first; slot < end; slot++)
        {
            var directive = IsDirective(slot);
            if (!directive)
                while (e < events.Length && events[e].Position <= slot) WriteAttack(segment, events[e++], slot, context);
            var time = clock.Next();
            var c = new ByteCursor(segment.Reserve(LineReserve), segment.Length);
            var lineStart = c.Position;
            if (directive)
            {
                WriteDirective(ref c, slot, time, context);
                segment.HeaderLineEnds.Add(c.Position);
            }
            else
            {
                var record = default(AccessRecord);
                Traffic.Sample(ref rng, ref record, scratch);
                record.Time = time;
                WriteRecord(ref c, ref record, false, ref rng, slot, context);
            }
            FastLogAssert.True(c.Position - lineStart <= LineReserve);
            segment.Length = c.Position;
            segment.Lines++;
        }
        // Requests planned after the last background slot belong to the last segment.
        if (last)
            while (e < events.Length) WriteAttack(segment, events[e++], end, context);
    }

    private void WriteAttack(GeneratedSegment segment, in PlannedEvent e, long slot, TContext context)
    {
        var record = default(AccessRecord);
        Traffic.Renderer.Render(e, ref record);
        record.Time = e.Time;
        // The format's own choices for a request come from a stream of their own, so they do not
        // shift the renderer's draws (which match the access-log generator's).
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(Seed, GenerationStreams.AttackEvent, ~(((ulong)e.Scenario << 32) | (uint)e.Number)));
        var c = new ByteCursor(segment.Reserve(LineReserve), segment.Length);
        var lineStart = c.Position;
        WriteRecord(ref c, ref record, true, ref rng, slot, context);
        FastLogAssert.True(c.Position - lineStart <= LineReserve);
        segment.AttackLines.Add((e.Scenario, e.Time, c.Position));
        segment.Length = c.Position;
        segment.Lines++;
    }
}
