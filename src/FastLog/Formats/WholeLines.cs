using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats;

/// <summary>The block loop's view of an <see cref="IWholeLineParser"/>: a record's line is the line without its CR, in the block.</summary>
public readonly struct WholeLines<TParser>(TParser parser) : ILineParser where TParser : struct, IWholeLineParser
{
    /// <summary>Parses <paramref name="block"/> with <paramref name="parser"/> through <see cref="LineBlockLoop"/>.</summary>
    public static long ParseBlock(TParser parser, ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        var lines = new WholeLines<TParser>(parser);
        return LineBlockLoop.Run(ref lines, parser.Batch, block, origin, counters, consumer);
    }

    /// <inheritdoc/>
    public static bool WalksToLineFeed => false;

    /// <inheritdoc/>
    public LineOutcome ParseLine(ReadOnlySpan<byte> block, int lineStart, int contentEnd, ref int lineFeed, long fileOffset,
        ParseCounters counters, out MalformedReason reason)
    {
        if (!parser.ParseLine(block, lineStart, contentEnd, out reason)) return LineOutcome.Malformed;
        var batch = parser.Batch;
        batch.Line[batch.Count] = new ByteRange(lineStart, contentEnd - lineStart);
        return LineOutcome.Parsed;
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Rows(ReadOnlySpan<byte> block) => block;

    /// <inheritdoc/>
    public void BatchConsumed() { }
}
