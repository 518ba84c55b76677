namespace FastLog.Diagnostics;

/// <summary>A malformed-line sample with its file-wide 1-based line number.</summary>
/// <param name="Path">Input path.</param>
/// <param name="LineNumber">1-based line number in the input.</param>
/// <param name="FileOffset">Byte offset of the line in the input.</param>
/// <param name="Reason">Why it did not parse.</param>
/// <param name="Excerpt">Raw first bytes of the line (escape at the sink).</param>
/// <param name="Truncated">True when the line is longer than the excerpt.</param>
/// <param name="RegionLength">Bytes of a NUL region (<see cref="MalformedReason.NulRegion"/>); 0 for a line.</param>
public sealed record MalformedLine(string Path, long LineNumber, long FileOffset, MalformedReason Reason, byte[] Excerpt, bool Truncated, long RegionLength = 0);
