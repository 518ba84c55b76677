using FastLog.Generation.Attacks;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>
/// Where segment <c>s</c> of a generated log starts: its background lines
/// <c>[First, End)</c> (<c>[s·K, (s+1)·K)</c>, cut at the log's last line, which makes it the
/// <c>Last</c>), the first planned event at or after <c>First</c>, and its random stream.
/// </summary>
internal readonly record struct SegmentBounds(long First, long End, bool Last, int FirstEvent)
{
    /// <summary>The bounds of segment <paramref name="index"/> of <paramref name="segmentLines"/> lines in a log of <paramref name="backgroundLines"/> (-1: unbounded).</summary>
    public static SegmentBounds Of(long index, int segmentLines, long backgroundLines, AttackPlan plan)
    {
        var first = index * segmentLines;
        var end = first + segmentLines;
        var last = backgroundLines >= 0 && end >= backgroundLines;
        return new SegmentBounds(first, last ? backgroundLines : end, last, plan.FirstAtOrAfter(first));
    }

    /// <summary>The segment's own random stream: a pure function of (seed, segment), whichever thread writes it.</summary>
    public static Xoshiro256PlusPlus Random(ulong seed, long index) => new(SplitMix64.Derive(seed, GenerationStreams.Segment, (ulong)index));
}
