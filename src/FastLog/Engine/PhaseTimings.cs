using System.Diagnostics;

namespace FastLog.Engine;

/// <summary>
/// How long each stage of a run took (<c>--timings</c>): planning, the parallel parse and
/// aggregate phase (and each worker's busy time in it), merging. Written by the pipeline once per
/// stage, never per chunk or record; the CLI adds the report stage and prints them.
/// </summary>
public sealed class PhaseTimings
{
    /// <summary>Planning the inputs into work units (format detection, chunk boundaries).</summary>
    public TimeSpan Plan { get; private set; }

    /// <summary>The parallel phase, from starting the workers to the last one's end.</summary>
    public TimeSpan ParseAggregate { get; private set; }

    /// <summary>Per worker thread: its time spent on work units and the units it ran.</summary>
    public IReadOnlyList<(TimeSpan Busy, int Units)> Threads { get; private set; } = [];

    /// <summary>Merging the workers' states and line counts into one result.</summary>
    public TimeSpan Merge { get; private set; }

    /// <summary>
    /// Passes made: 2 when a memory budget made the first pass approximate and the run was made
    /// again per unit (the stages above are then the second pass's; the first is in <see cref="DiscardedPass"/>).
    /// </summary>
    public int Passes { get; private set; }

    /// <summary>Wall time of the discarded first pass, when there were two.</summary>
    public TimeSpan DiscardedPass { get; private set; }

    private long _passStart;

    internal void StartPass()
    {
        if (Passes > 0) DiscardedPass = Stopwatch.GetElapsedTime(_passStart);
        Passes++;
        _passStart = Stopwatch.GetTimestamp();
        Plan = ParseAggregate = Merge = TimeSpan.Zero;
        Threads = [];
    }

    internal void Planned(long since) => Plan = Stopwatch.GetElapsedTime(since);

    internal void Parsed(long since, (TimeSpan Busy, int Units)[] threads)
    {
        ParseAggregate = Stopwatch.GetElapsedTime(since);
        Threads = threads;
    }

    internal void Merged(long since) => Merge = Stopwatch.GetElapsedTime(since);
}
