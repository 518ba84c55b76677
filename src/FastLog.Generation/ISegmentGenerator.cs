using FastLog.Generation.Attacks;

namespace FastLog.Generation;

/// <summary>
/// The contract of a log generator: the log is a sequence of segments, and segment <c>i</c> is a
/// pure function of the run's options and <c>i</c>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Write"/> may be called for any segments, in any order, from several threads at
/// once; the bytes of a segment never depend on which thread wrote it or what it wrote before.
/// That is what makes the output byte-identical for every thread count: <see cref="LogGenerator"/>
/// only concatenates segments <c>0, 1, 2, …</c>.
/// </para>
/// <para>
/// Every segment holds whole lines, each ending with <c>\n</c>, with timestamps that never
/// decrease within a segment or from one segment to the next. Each new format adds one
/// implementation (access logs: <see cref="Clf.ClfSegmentGenerator"/>).
/// </para>
/// </remarks>
public interface ISegmentGenerator
{
    /// <summary>Number of segments; <see cref="long.MaxValue"/> when the log is cut by size instead.</summary>
    long SegmentCount { get; }

    /// <summary>The attack scenarios injected, by index (what <see cref="GeneratedSegment.AttackLines"/> refers to).</summary>
    IReadOnlyList<AttackScenario> Scenarios { get; }

    /// <summary>The UTC offset of the log's timestamps, as written in them (e.g. <c>-0700</c>).</summary>
    string TimezoneOffset { get; }

    /// <summary>The end of the generated period (Unix seconds): the written file's modification time, as a real log's would be.</summary>
    long EndUnixSeconds { get; }

    /// <summary>Writes segment <paramref name="index"/> into <paramref name="segment"/> (after resetting it).</summary>
    void Write(long index, GeneratedSegment segment);
}
