namespace FastLog.Columns;

/// <summary>Where a block sits in its input, for line numbers and byte offsets of malformed samples.</summary>
/// <param name="InputIndex">Index of the input in the run.</param>
/// <param name="ChunkIndex">Index of the chunk within the input.</param>
/// <param name="FileOffset">Offset of the block's first byte in the input (decompressed bytes for gzip).</param>
/// <param name="FirstLineIndex">0-based index, within the chunk, of the block's first line.</param>
public readonly record struct BlockOrigin(int InputIndex, int ChunkIndex, long FileOffset, long FirstLineIndex);
