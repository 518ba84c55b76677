namespace FastLog.Diagnostics;

/// <summary>
/// One malformed line kept as evidence. <see cref="LineIndexInChunk"/> is fixed up to a file-wide
/// line number once every chunk of the file has been counted.
/// </summary>
/// <param name="InputIndex">Index of the input in the run's input list.</param>
/// <param name="ChunkIndex">Index of the chunk within its input.</param>
/// <param name="LineIndexInChunk">0-based line index within the chunk.</param>
/// <param name="FileOffset">Byte offset of the line's first byte in the input.</param>
/// <param name="Reason">Why the line did not parse.</param>
/// <param name="Excerpt">At most <see cref="MaxExcerptBytes"/> raw bytes of the line (escaped only when written).</param>
/// <param name="Truncated">True when the line was longer than the excerpt.</param>
/// <param name="RegionLength">Bytes of a <see cref="MalformedReason.NulRegion"/> (its excerpt is empty); 0 for a line.</param>
public sealed record MalformedSample(int InputIndex, int ChunkIndex, long LineIndexInChunk, long FileOffset,
    MalformedReason Reason, byte[] Excerpt, bool Truncated, long RegionLength = 0)
{
    /// <summary>120 bytes, the excerpt bound of docs/report-schema.md.</summary>
    public const int MaxExcerptBytes = 120;

    /// <summary>Samples kept per reason (the first ones in input order).</summary>
    public const int MaxPerReason = 10;

    /// <summary>Input order: by input, then by offset.</summary>
    public static int CompareInputOrder(MalformedSample a, MalformedSample b)
    {
        var c = a.InputIndex.CompareTo(b.InputIndex);
        return c != 0 ? c : a.FileOffset.CompareTo(b.FileOffset);
    }
}
