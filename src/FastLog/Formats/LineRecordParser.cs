using FastLog.Columns;
using FastLog.Diagnostics;

namespace FastLog.Formats;

/// <summary>
/// The block loop of parsers whose records are one line each and need no state between lines
/// (alb, custom): splits the block at LF (a CR before it is not part of the record), counts blank
/// and malformed lines, and hands full batches on. A derived parser only reads one line.
/// </summary>
public abstract class LineRecordParser(LogBatch batch) : IBlockParser
{
    /// <summary>The batch the parser fills; record <c>Batch.Count</c> is the one <see cref="ParseLine"/> writes.</summary>
    protected LogBatch Batch { get; } = batch;

    /// <summary>
    /// Parses <c>block[lineStart, lineEnd)</c> (no LF or trailing CR, never empty) into record
    /// <c>Batch.Count</c>; false with the reason when the line is malformed.
    /// </summary>
    protected abstract bool ParseLine(ReadOnlySpan<byte> block, int lineStart, int lineEnd, out MalformedReason reason);

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        FastLogAssert.True(block.Length > 0 && block[^1] == (byte)'\n');
        var batch = Batch;
        batch.Count = 0;
        batch.Origin = origin;
        var lineStart = 0;
        long lineIndex = 0;
        // Invariant: lineStart is the first byte of line number lineIndex; every line ends with
        // LF (block contract), so each step moves past one LF and the loop ends at block.Length.
        while (lineStart < block.Length)
        {
            var lf = lineStart + block[lineStart..].IndexOf((byte)'\n');
            var lineEnd = lf > lineStart && block[lf - 1] == (byte)'\r' ? lf - 1 : lf;
            if (lineEnd == lineStart)
            {
                counters.Lines++;
                counters.Blank++;
            }
            else if (ParseLine(block, lineStart, lineEnd, out var reason))
            {
                counters.Lines++;
                counters.Parsed++;
                batch.Line[batch.Count] = new ByteRange(lineStart, lineEnd - lineStart);
                batch.LineIndex[batch.Count] = origin.FirstLineIndex + lineIndex;
                batch.FileOffset[batch.Count] = origin.FileOffset + lineStart;
                batch.Count++;
                if (batch.IsFull)
                {
                    consumer.Consume(batch, block);
                    batch.Count = 0;
                }
            }
            else
            {
                counters.AddMalformed(reason, origin.InputIndex, origin.ChunkIndex, origin.FirstLineIndex + lineIndex,
                    origin.FileOffset + lineStart, block[lineStart..lineEnd]);
            }
            lineStart = lf + 1;
            lineIndex++;
        }
        if (batch.Count > 0)
        {
            consumer.Consume(batch, block);
            batch.Count = 0;
        }
        return lineIndex;
    }
}
