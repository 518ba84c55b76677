using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Scanning;

namespace FastLog.Formats;

/// <summary>
/// The block loop of every line-based parser: splits a block into lines, numbers them, gives each
/// record its 64-bit file offset, counts lines as parsed, blank or malformed (with a sample of the
/// malformed line, without its CR), and hands full batches on. A format only supplies
/// an <see cref="ILineParser"/>: how to parse one line into the batch row.
/// </summary>
public static class LineBlockLoop
{
    /// <summary>
    /// Parses every line of <paramref name="block"/> (the <see cref="IBlockParser"/> block contract:
    /// whole lines, ending with LF) into <paramref name="batch"/>, hands each full batch and the last
    /// partial one to <paramref name="consumer"/>, and returns the number of lines.
    /// </summary>
    public static long Run<TLines>(scoped ref TLines lines, LogBatch batch, ReadOnlySpan<byte> block, in BlockOrigin origin,
        ParseCounters counters, IBatchConsumer consumer)
        where TLines : struct, ILineParser, allows ref struct
        => Run(ref lines, batch, block, origin, counters, consumer, stopAtNul: false, out _);

    /// <summary>
    /// As <see cref="Run{TLines}(ref TLines, LogBatch, ReadOnlySpan{byte}, in BlockOrigin, ParseCounters, IBatchConsumer)"/>;
    /// with <paramref name="stopAtNul"/>, stops before the first line that starts with NUL (a NUL
    /// region, <see cref="INulScanningBlockParser"/>): the first byte of each line is one the
    /// parser reads anyway, so this costs no pass of its own. <paramref name="consumed"/> is the
    /// length of the lines parsed.
    /// </summary>
    public static long Run<TLines>(scoped ref TLines lines, LogBatch batch, ReadOnlySpan<byte> block, in BlockOrigin origin,
        ParseCounters counters, IBatchConsumer consumer, bool stopAtNul, out int consumed)
        where TLines : struct, ILineParser, allows ref struct
    {
        FastLogAssert.True(block.Length > 0 && block[^1] == ByteSets.Lf);
        batch.Count = 0;
        batch.Origin = origin;
        var lineStart = 0;
        long lineIndex = 0;
        // Invariant: lineStart is the first byte of line number lineIndex of the block, and
        // batch.Count rows (< capacity) hold the records of the lines before it not yet handed on.
        // Every line ends with LF (block contract) and lineFeed is that LF, so each pass moves past
        // one line and the loop ends at block.Length (or at a line that starts with NUL).
        while (lineStart < block.Length)
        {
            if (stopAtNul && block[lineStart] == 0) break;
            int lineFeed = -1, contentEnd = -1;
            if (!TLines.WalksToLineFeed)
            {
                lineFeed = lineStart + block[lineStart..].IndexOf(ByteSets.Lf);
                contentEnd = lineFeed > lineStart && block[lineFeed - 1] == ByteSets.Cr ? lineFeed - 1 : lineFeed;
            }
            var fileOffset = origin.FileOffset + lineStart;
            var reason = MalformedReason.MissingFields;
            var outcome = contentEnd == lineStart
                ? LineOutcome.Blank
                : lines.ParseLine(block, lineStart, contentEnd, ref lineFeed, fileOffset, counters, out reason);
            FastLogAssert.True(lineFeed >= lineStart && block[lineFeed] == ByteSets.Lf);
            switch (outcome)
            {
                case LineOutcome.Parsed:
                    counters.Lines++;
                    counters.Parsed++;
                    batch.LineIndex[batch.Count] = origin.FirstLineIndex + lineIndex;
                    batch.FileOffset[batch.Count] = fileOffset;
                    batch.Count++;
                    if (batch.IsFull) HandOn(ref lines, batch, block, consumer);
                    break;
                case LineOutcome.Blank:
                    counters.Lines++;
                    counters.Blank++;
                    break;
                default:
                    var sampleEnd = lineFeed > lineStart && block[lineFeed - 1] == ByteSets.Cr ? lineFeed - 1 : lineFeed;
                    counters.AddMalformed(reason, origin.InputIndex, origin.ChunkIndex, origin.FirstLineIndex + lineIndex,
                        fileOffset, block[lineStart..sampleEnd]);
                    break;
            }
            lineStart = lineFeed + 1;
            lineIndex++;
        }
        if (batch.Count > 0) HandOn(ref lines, batch, block, consumer);
        consumed = lineStart;
        return lineIndex;
    }

    private static void HandOn<TLines>(scoped ref TLines lines, LogBatch batch, ReadOnlySpan<byte> block, IBatchConsumer consumer)
        where TLines : struct, ILineParser, allows ref struct
    {
        consumer.Consume(batch, lines.Rows(block));
        batch.Count = 0;
        lines.BatchConsumed();
    }
}
