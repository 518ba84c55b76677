using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Parquet;

namespace FastLog.Formats.Json;

/// <summary>
/// The <c>jsonl</c> parser: application records go through the <c>--field</c> mapping
/// (<see cref="JsonRecordParser"/>); FastLog's own records, lines led by <c>{"log_format":"</c>
/// as <c>convert --to jsonl</c> writes them, go through <see cref="ParquetLineParser"/>, so they
/// read back with their own format and every field they carry (status included).
/// </summary>
/// <remarks>
/// A block is handed on in runs of consecutive lines of one kind, each run a block of whole lines
/// with its own origin, so line numbers, offsets and batch order stay those of the input. A block
/// without a FastLog record (the usual application log) goes to the mapped parser whole, after
/// one vectorised search.
/// </remarks>
public sealed class JsonlBlockParser(JsonRecordParser mapped) : IBlockParser
{
    private readonly ParquetLineParser _records = new();

    /// <summary>The parser of application records (the <c>--field</c> mapping).</summary>
    public JsonRecordParser Mapped => mapped;

    /// <summary>The start of every line <c>convert --to jsonl</c> writes.</summary>
    private static ReadOnlySpan<byte> RecordPrefix => "{\"log_format\":\""u8;

    /// <summary>A record line anywhere after the block's first line.</summary>
    private static ReadOnlySpan<byte> LaterRecordPrefix => "\n{\"log_format\":\""u8;

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
    {
        FastLogAssert.True(block.Length > 0 && block[^1] == (byte)'\n');
        if (!block.StartsWith(RecordPrefix) && block.IndexOf(LaterRecordPrefix) < 0) return mapped.ParseBlock(block, origin, counters, consumer);
        long lines = 0;
        var start = 0;
        // Invariant: [0, start) went to the parsers as whole-line runs holding `lines` lines; each
        // pass hands on at least one line, so the loop ends at block.Length.
        while (start < block.Length)
        {
            var own = block[start..].StartsWith(RecordPrefix);
            var end = start;
            do end += block[end..].IndexOf((byte)'\n') + 1;
            while (end < block.Length && block[end..].StartsWith(RecordPrefix) == own);
            var run = origin with { FileOffset = origin.FileOffset + start, FirstLineIndex = origin.FirstLineIndex + lines };
            lines += own ? _records.ParseBlock(block[start..end], run, counters, consumer) : mapped.ParseBlock(block[start..end], run, counters, consumer);
            start = end;
        }
        return lines;
    }
}
