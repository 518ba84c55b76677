using FastLog.Aggregation;
using FastLog.Diagnostics;

namespace FastLog.Runs;

/// <summary>The merged outcome of a run.</summary>
public sealed class RunSummary
{
    /// <summary>Merged aggregate.</summary>
    public required IAggregator Aggregate { get; init; }
    /// <summary>Merged line accounting.</summary>
    public required ParseCounters Counters { get; init; }
    /// <summary>The first malformed lines per reason, in input order, with 1-based line numbers.</summary>
    public required IReadOnlyList<MalformedLine> Samples { get; init; }
    /// <summary>One entry per input, in input order.</summary>
    public required IReadOnlyList<InputResult> Inputs { get; init; }
    /// <summary>Wall time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }
    /// <summary>Bytes read over all inputs.</summary>
    public long Bytes => Inputs.Sum(i => i.Bytes);
    /// <summary>Per input, the 0-based file-wide index of each chunk's first line.</summary>
    public required IReadOnlyList<long[]> ChunkFirstLines { get; init; }

    /// <summary>The 1-based line number of line <paramref name="lineIndexInChunk"/> of a chunk.</summary>
    public long LineNumber(int inputIndex, int chunkIndex, long lineIndexInChunk)
        => ChunkFirstLines[inputIndex][chunkIndex] + lineIndexInChunk + 1;

    /// <summary>True when any input failed or is incomplete.</summary>
    public bool HasErrors => Inputs.Any(i => i.Error is not null);
}
