using FastLog.Aggregation;
using FastLog.Diagnostics;

namespace FastLog.Engine;

/// <summary>The merged outcome of a run.</summary>
public sealed class PipelineResult
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

/// <summary>A malformed-line sample with its file-wide 1-based line number.</summary>
/// <param name="Path">Input path.</param>
/// <param name="LineNumber">1-based line number in the input.</param>
/// <param name="FileOffset">Byte offset of the line in the input.</param>
/// <param name="Reason">Why it did not parse.</param>
/// <param name="Excerpt">Raw first bytes of the line (escape at the sink).</param>
/// <param name="Truncated">True when the line is longer than the excerpt.</param>
/// <param name="RegionLength">Bytes of a NUL region (<see cref="MalformedReason.NulRegion"/>); 0 for a line.</param>
public sealed record MalformedLine(string Path, long LineNumber, long FileOffset, MalformedReason Reason, byte[] Excerpt, bool Truncated, long RegionLength = 0);
