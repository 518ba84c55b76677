namespace FastLog.Input;

/// <summary>
/// A newline-aligned byte range of a regular file, handed to one worker:
/// <c>[Start, Start + Length)</c>; <c>Start</c> is 0 or follows a <c>\n</c>, and the byte at
/// <c>Start + Length - 1</c> is <c>\n</c> unless the range ends at the end of the file.
/// </summary>
/// <param name="InputIndex">The file's input index.</param>
/// <param name="ChunkIndex">Index of the chunk within the file (chunks are in file order).</param>
/// <param name="Start">Offset of the first byte.</param>
/// <param name="Length">Number of bytes.</param>
public readonly record struct LogChunk(int InputIndex, int ChunkIndex, long Start, long Length);
