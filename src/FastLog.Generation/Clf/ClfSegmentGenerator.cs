using FastLog.Diagnostics;
using FastLog.Formats.Clf;
using FastLog.Generation.Attacks;
using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;
using FastLog.Generation.Web;

namespace FastLog.Generation.Clf;

/// <summary>
/// Generates access logs (common, combined, nginx with request time): segment <c>i</c> holds
/// background lines <c>[i·K, (i+1)·K)</c> of the traffic model, with the attack requests planned
/// among them, each line written straight into the segment's UTF-8 buffer.
/// </summary>
/// <remarks>
/// Per line: a client (Zipf pool or a transient visitor), a target for its class, a method for
/// the target, a status for the target's kind, size and time from the status, a referer for
/// browsers; about 10 draws of one xoshiro256++ seeded from (seed, segment), and copies of
/// pre-encoded vocabulary. No strings, no allocation.
/// </remarks>
public sealed class ClfSegmentGenerator : ISegmentGenerator
{
    /// <summary>Background lines per segment (about 4 MB of combined log).</summary>
    public const int SegmentLines = 16_384;

    /// <summary>Room reserved before each line: two records (a glued line) at their longest, and slack.</summary>
    private const int LineReserve = 2 * ClfLineFormatter.MaxLineBytes + 64;

    /// <summary>Default share of background lines that are damaged: 0.1 %, as a threshold on 64 random bits.</summary>
    private const ulong DefaultMalformedThreshold = 18_446_744_073_709_552UL;

    private static readonly (int Seconds, string Text)[] Offsets =
    [
        (0, "+0000"), (0, "+0000"), (0, "+0000"), (-7 * 3600, "-0700"), (-5 * 3600, "-0500"), (-4 * 3600, "-0400"), (3600, "+0100"),
        (2 * 3600, "+0200"), (5 * 3600 + 1800, "+0530"), (9 * 3600, "+0900"), (-8 * 3600, "-0800"), (10 * 3600, "+1000"),
    ];

    private readonly ClfVariant _variant;
    private readonly ulong _seed;
    private readonly int _offsetSeconds;
    private readonly long _backgroundLines; // -1: unbounded (--size)
    private readonly TrafficClock _clock;
    private readonly WebTraffic _traffic;
    private readonly AttackPlan _plan;
    private readonly ulong _malformedThreshold;

    /// <summary>Average line length per variant, measured on generated logs; turns <c>--size</c> into an expected line count.</summary>
    public static int AverageLineBytes(ClfVariant variant) => variant switch
    {
        ClfVariant.Common => 97,
        ClfVariant.Nginx => 230,
        _ => 224,
    };

    /// <summary>
    /// Builds the traffic model for a log of <paramref name="lines"/> lines, or of about
    /// <paramref name="sizeBytes"/> bytes (then the segments never end and the caller cuts).
    /// </summary>
    public ClfSegmentGenerator(ClfVariant variant, long? lines, long? sizeBytes, ulong seed, bool attacks, int? malformedPerMillion = null, TrafficShape? shape = null)
    {
        _variant = variant;
        // perMillion / 10^6 of 2^64, rounded: 1,000 gives the default threshold exactly.
        _malformedThreshold = malformedPerMillion is { } perMillion
            ? (ulong)((((UInt128)(uint)Math.Clamp(perMillion, 0, 999_999) << 64) + 500_000) / 1_000_000)
            : DefaultMalformedThreshold;
        _seed = seed;
        var offset = Offsets[(int)(SplitMix64.Derive(seed, GenerationStreams.Timezone, 0) % (ulong)Offsets.Length)];
        _offsetSeconds = offset.Seconds;
        TimezoneOffset = offset.Text;
        var period = new GeneratedPeriod(lines, sizeBytes, AverageLineBytes(variant), _offsetSeconds, seed,
            (expected, start, span) => attacks ? AttackPlanner.PlanScenarios(expected, start, span, seed) : []);
        _backgroundLines = period.BackgroundLines;
        _clock = period.Clock;
        _plan = period.Plan;
        _traffic = new WebTraffic(period.Expected, _plan, seed, shape);
        SegmentCount = period.SegmentCount(SegmentLines);
        if (lines is 0) SegmentCount = 0;
    }

    /// <inheritdoc/>
    public long SegmentCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<AttackScenario> Scenarios => _plan.Scenarios;

    /// <inheritdoc/>
    public string TimezoneOffset { get; }

    /// <inheritdoc/>
    public long EndUnixSeconds => _clock.StartUnix + _clock.PeriodSeconds;

    /// <inheritdoc/>
    public void Write(long index, GeneratedSegment segment)
    {
        segment.Reset(index);
        var (first, end, last, e) = SegmentBounds.Of(index, SegmentLines, _backgroundLines, _plan);
        var rng = SegmentBounds.Random(_seed, index);
        var clock = _clock.Seek(first);
        var timestamp = new ClfTimestampText(_offsetSeconds);
        var events = _plan.Events;
        // Transient addresses and targets with ids are written here (two records for a glued line); heap, so records may point into it.
        Span<byte> scratch = new byte[2 * WebTraffic.ScratchBytes];

        // Invariant: events[e..] are at positions >= line; the ones at == line precede it. Every
        // line gets LineReserve bytes of room first, and no line is longer (asserted).
        for (var line = first; line < end; line++)
        {
            while (e < events.Length && events[e].Position == line) WriteAttack(segment, events[e++], timestamp);
            var time = clock.Next();
            var c = new ByteCursor(segment.Reserve(LineReserve), segment.Length);
            var lineStart = c.Position;
            if (rng.NextUInt64() >= _malformedThreshold)
            {
                var record = default(AccessRecord);
                _traffic.Sample(ref rng, ref record, scratch[..WebTraffic.ScratchBytes]);
                record.Time = time;
                ClfLineFormatter.Write(ref c, ref record, _variant, timestamp);
                c.Write((byte)'\n');
            }
            else
            {
                WriteMalformed(ref c, ref rng, time, timestamp, scratch);
                segment.MalformedLineEnds.Add(c.Position);
            }
            FastLogAssert.True(c.Position - lineStart <= LineReserve);
            segment.Length = c.Position;
            segment.Lines++;
        }
        // Requests planned after the last background line belong to the last segment.
        if (last)
            while (e < events.Length) WriteAttack(segment, events[e++], timestamp);
    }

    private void WriteAttack(GeneratedSegment segment, in PlannedEvent e, ClfTimestampText timestamp)
    {
        var c = new ByteCursor(segment.Reserve(LineReserve), segment.Length);
        var record = default(AccessRecord);
        _traffic.Renderer.Render(e, ref record);
        record.Time = e.Time;
        ClfLineFormatter.Write(ref c, ref record, _variant, timestamp);
        c.Write((byte)'\n');
        segment.AttackLines.Add((e.Scenario, e.Time, c.Position));
        segment.Length = c.Position;
        segment.Lines++;
    }

    private static ReadOnlySpan<byte> TlsHello => "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03"u8;
    private static ReadOnlySpan<byte> GarbageBytes => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"u8;

    /// <summary>Writes one damaged line (LF included) that the strict grammar rejects (or a blank one).</summary>
    private void WriteMalformed(ref ByteCursor c, ref Xoshiro256PlusPlus rng, long time, ClfTimestampText timestamp, Span<byte> scratch)
    {
        var r = rng.NextBelow(100);
        var kind = r < 35 ? MalformedLineKind.Truncated : r < 60 ? MalformedLineKind.Glued : r < 85 ? MalformedLineKind.Garbage : MalformedLineKind.Blank;
        var start = c.Position;
        switch (kind)
        {
            case MalformedLineKind.Truncated:
            {
                var record = default(AccessRecord);
                _traffic.Sample(ref rng, ref record, scratch[..WebTraffic.ScratchBytes]);
                record.Time = time;
                var requestEnd = ClfLineFormatter.Write(ref c, ref record, _variant, timestamp);
                // Cut somewhere from the 8th byte up to (not including) the request's closing
                // quote: the line then lacks fields or ends inside the quoted request.
                c.Position = start + 7 + (int)rng.NextBelow((uint)(requestEnd - 1 - (start + 7)));
                break;
            }
            case MalformedLineKind.Glued:
            {
                var a = default(AccessRecord);
                _traffic.Sample(ref rng, ref a, scratch[..WebTraffic.ScratchBytes]);
                a.Time = time;
                ClfLineFormatter.Write(ref c, ref a, _variant, timestamp);
                var b = default(AccessRecord);
                _traffic.Sample(ref rng, ref b, scratch[WebTraffic.ScratchBytes..]);
                b.Time = time;
                ClfLineFormatter.Write(ref c, ref b, _variant, timestamp);
                break;
            }
            case MalformedLineKind.Garbage:
            {
                if (rng.NextBelow(2) == 0) c.Write(TlsHello);
                var n = 12 + (int)rng.NextBelow(90);
                var alphabet = GarbageBytes;
                for (var i = 0; i < n; i++) c.Write(alphabet[(int)rng.NextBelow((uint)alphabet.Length)]);
                break;
            }
        }
        c.Write((byte)'\n');
    }
}
