using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats;

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
