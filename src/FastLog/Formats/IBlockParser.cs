using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats;

/// <summary>Where a block sits in its input, for line numbers and byte offsets of malformed samples.</summary>
/// <param name="InputIndex">Index of the input in the run.</param>
/// <param name="ChunkIndex">Index of the chunk within the input.</param>
/// <param name="FileOffset">Offset of the block's first byte in the input (decompressed bytes for gzip).</param>
/// <param name="FirstLineIndex">0-based index, within the chunk, of the block's first line.</param>
public readonly record struct BlockOrigin(int InputIndex, int ChunkIndex, long FileOffset, long FirstLineIndex);

/// <summary>Receives each filled batch together with the block its byte ranges point into.</summary>
public interface IBatchConsumer
{
    /// <summary>Consumes <c>batch.Count</c> records; <paramref name="block"/> is valid only during the call.</summary>
    void Consume(LogBatch batch, ReadOnlySpan<byte> block);
}

/// <summary>
/// Parses blocks of whole lines into column batches.
/// </summary>
/// <remarks>
/// Contract of every block: <c>[0, block.Length)</c>, non-empty, starts at the first byte of a
/// line and ends with <c>\n</c> (the input layer appends one to an unterminated last line, so
/// parsers never special-case the end of input). A parser owns its batch and positions buffer;
/// one instance serves one worker. Every record it hands on has its <c>Line</c>, <c>LineIndex</c>
/// and <c>FileOffset</c> (<c>origin.FileOffset</c> plus the line's start in the block, even when
/// <c>Line</c> points into a copy).
/// </remarks>
public interface IBlockParser
{
    /// <summary>
    /// Parses every line of <paramref name="block"/>, counting each as parsed, blank or
    /// malformed in <paramref name="counters"/>, and hands full batches to <paramref name="consumer"/>
    /// (the last partial batch too, before returning). Returns the number of lines in the block.
    /// </summary>
    long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer);
}
