using System.IO.Hashing;
using System.Runtime.InteropServices;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;

namespace FastLog.Fuzz.Invariants;

/// <summary>
/// A consumer that checks every batch a block parser hands on (every byte range inside the block
/// it came with, line indices and file offsets strictly increasing and inside the block, numbers
/// inside their field's domain or absent) and folds the records into a digest, so two parses of
/// the same block (scalar and vector scanners) can be compared record for record.
/// </summary>
public sealed class BlockChecker(string target) : IBatchConsumer
{
    private static readonly FieldInfo[] s_fields = [.. FieldNames.All];
    private readonly XxHash64 _digest = new();
    private readonly CountAggregator _count = new();
    private long _countAtReset;
    private long _lastLineIndex;
    private long _lastFileOffset;
    private long _blockStart;
    private long _blockEnd;

    /// <summary>Records consumed since <see cref="Reset"/>.</summary>
    public long Records { get; private set; }

    /// <summary>Occurrences the records stand for (a syslog repeat counts N; a null or nonsensical weight, below 1, counts once).</summary>
    public long Occurrences { get; private set; }

    /// <summary>Starts a block whose bytes are <c>[origin.FileOffset, origin.FileOffset + length)</c> of the input.</summary>
    public void Reset(in BlockOrigin origin, int length)
    {
        _digest.Reset();
        Records = 0;
        Occurrences = 0;
        _countAtReset = _count.Records;
        _lastLineIndex = origin.FirstLineIndex - 1;
        _lastFileOffset = origin.FileOffset - 1;
        _blockStart = origin.FileOffset;
        _blockEnd = origin.FileOffset + length;
    }

    /// <summary>The digest of every record consumed since <see cref="Reset"/>.</summary>
    public ulong Digest => _digest.GetCurrentHashAsUInt64();

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (batch.Count < 0 || batch.Count > batch.Capacity) Fail($"batch count {batch.Count} outside [0, {batch.Capacity}]");
        // Invariant: records [0, r) of the batch are checked and hashed.
        for (var r = 0; r < batch.Count; r++)
        {
            CheckRange("line", batch.Line[r], block, allowNull: false);
            if (batch.LineIndex[r] <= _lastLineIndex) Fail($"line index {batch.LineIndex[r]} after {_lastLineIndex}");
            if (batch.FileOffset[r] <= _lastFileOffset) Fail($"file offset {batch.FileOffset[r]} after {_lastFileOffset}");
            if (batch.FileOffset[r] < _blockStart || batch.FileOffset[r] >= _blockEnd)
                Fail($"file offset {batch.FileOffset[r]} outside the block [{_blockStart}, {_blockEnd})");
            _lastLineIndex = batch.LineIndex[r];
            _lastFileOffset = batch.FileOffset[r];
            Hash(batch.LineIndex[r]);
            Hash(batch.FileOffset[r]);
            _digest.Append(batch.Line[r].Slice(block));
            foreach (var info in s_fields) CheckField(batch, r, info, block);
            if (batch.Nanoseconds is { } ns)
            {
                if ((uint)ns[r] > 999_999_999) Fail($"nanoseconds {ns[r]}");
                Hash(ns[r]);
            }
            // A null repeat cell (Parquet input) or any weight below 1 counts once; the
            // aggregators must count the same (found by fuzzing: they added -2^63).
            var repeat = batch.Repeats is { } repeats ? Math.Max(1, repeats[r]) : 1;
            Records++;
            Occurrences += repeat;
        }
        _count.Consume(batch, block);
        if (_count.Records - _countAtReset != Occurrences) Fail($"count gives {_count.Records - _countAtReset} occurrences, the records stand for {Occurrences}");
    }

    private void CheckField(LogBatch batch, int r, FieldInfo info, ReadOnlySpan<byte> block)
    {
        if (!batch.Has(info.Field)) return;
        if (info.IsText)
        {
            var range = batch.TextColumn(info.Field)![r];
            CheckRange(info.Name, range, block, allowNull: true);
            Hash(range.Length);
            _digest.Append(range.Slice(block));
            return;
        }
        if (!info.IsNumber) return;
        long raw = info.Field == LogField.Status ? batch.Status[r] : batch.NumberColumn(info.Field) is { } column ? column[r] : LogBatch.NullNumber;
        // A value outside the field's domain must be one of the absent spellings (the parsers let no other value in).
        if (!FieldDomain.Contains(info.Field, raw) && raw != LogBatch.NullNumber && raw != -1 && !(info.Field == LogField.Status && raw == 0))
            Fail($"{info.Name} = {raw} is outside its domain");
        Hash(batch.NumberOrNull(info.Field, r));
    }

    private void CheckRange(string field, ByteRange range, ReadOnlySpan<byte> block, bool allowNull)
    {
        if (range.IsNull)
        {
            if (!allowNull || range.Length != -1) Fail($"{field} range ({range.Offset}, {range.Length}) is null where a value is required");
            return;
        }
        if (range.Offset < 0 || (long)range.Offset + range.Length > block.Length)
            Fail($"{field} range [{range.Offset}, {(long)range.Offset + range.Length}) outside the block of {block.Length} bytes");
    }

    private void Hash(long value) => _digest.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<long>(ref value)));

    private void Fail(string message) => throw new InvariantViolation(target, message);

    /// <summary>
    /// Checks the line accounting of one parsed block: the parser's line count is the block's LF
    /// count, every line is parsed, blank or malformed, each parsed line is one record, and each
    /// kept sample points inside the block.
    /// </summary>
    public void CheckCounters(ParseCounters counters, long linesReturned, ReadOnlySpan<byte> block, in BlockOrigin origin)
    {
        long lf = block.Count((byte)'\n');
        if (linesReturned != lf) Fail($"ParseBlock returned {linesReturned} lines for a block of {lf} lines");
        if (counters.Lines != lf) Fail($"counters.Lines {counters.Lines} for a block of {lf} lines");
        if (counters.Lines != counters.Parsed + counters.Blank + counters.Malformed)
            Fail($"lines {counters.Lines} != parsed {counters.Parsed} + blank {counters.Blank} + malformed {counters.Malformed}");
        if (Records != counters.Parsed) Fail($"{Records} records handed on for {counters.Parsed} parsed lines");
        foreach (var list in counters.Samples)
        {
            foreach (var sample in list)
            {
                if (sample.FileOffset < origin.FileOffset || sample.FileOffset >= origin.FileOffset + block.Length)
                    Fail($"malformed sample at offset {sample.FileOffset} outside the block");
                if (sample.LineIndexInChunk < origin.FirstLineIndex || sample.LineIndexInChunk >= origin.FirstLineIndex + lf)
                    Fail($"malformed sample at line {sample.LineIndexInChunk} outside the block's {lf} lines");
            }
        }
    }
}
