using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Scanning;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// Cuts a worker's bytes into blocks of whole lines for an <see cref="IBlockParser"/>: blocks of
/// about <see cref="BlockBytes"/>, each ending with <c>\n</c>; a last line without one is copied
/// and given one; a line longer than <see cref="MaxLineBytes"/> is counted as
/// <see cref="MalformedReason.LineTooLong"/> and skipped. Line numbering and outcomes do not
/// depend on how the bytes arrive (mapped chunk, positioned reads, pipe or gzip).
/// </summary>
/// <remarks>
/// A run of NUL bytes at a line start (after a LF or at the start of the input: a preallocated
/// log, a crash mid-write, a writer continuing at its old offset after copytruncate) is a NUL
/// region: counted once with its offset and length (<see cref="MalformedReason.NulRegion"/>) and
/// skipped, however long, so it never makes the line after it too long; parsing resumes at the
/// first other byte, within the same line. NULs inside a line are data. Chunks start at line
/// starts and a region holds no LF, so a region never spans chunks; across the reads of a stream
/// it is carried in <see cref="_nulRegionLength"/>.
/// </remarks>
public sealed class LineBlockCutter
{
    /// <summary>256 KiB: the block, its positions (4 bytes a byte at worst) and the batch stay near L2.</summary>
    public const int BlockBytes = 256 * 1024;

    /// <summary>1 MiB (without the LF): longer lines are malformed (<c>line_too_long</c>), never buffered whole.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    /// <summary>Stream buffer: holds a maximal line plus several blocks, so a pipe is read in large pieces.</summary>
    private const int StreamBufferBytes = 4 * MaxLineBytes;

    private readonly IBlockParser _parser;
    private readonly INulScanningBlockParser? _nulScanning; // _parser, when its scan reports NULs
    private readonly ParseCounters _counters;
    private readonly IBatchConsumer _consumer;
    private byte[]? _tail;
    private byte[]? _streamBuffer;
    private long _nulRegionStart; // offset of the NUL region being skipped, when _nulRegionLength > 0
    private long _nulRegionLength; // NUL bytes skipped so far in the current region; 0 outside one
    private byte[] _lookback = [];

    /// <summary>Creates a cutter feeding one worker's parser.</summary>
    public LineBlockCutter(IBlockParser parser, ParseCounters counters, IBatchConsumer consumer)
    {
        _parser = parser;
        _nulScanning = parser as INulScanningBlockParser;
        _counters = counters;
        _consumer = consumer;
    }

    /// <summary>Position of the next byte handed over: where it is in the input and which line it starts.</summary>
    public struct Cursor
    {
        /// <summary>Input index.</summary>
        public int InputIndex;
        /// <summary>Chunk index within the input.</summary>
        public int ChunkIndex;
        /// <summary>Offset in the input of the next byte.</summary>
        public long FileOffset;
        /// <summary>0-based index within the chunk of the line that starts at <see cref="FileOffset"/>.</summary>
        public long LineIndex;
    }

    /// <summary>
    /// Starts a chunk at <paramref name="cursor"/>: a parser that reads context
    /// (<see cref="IContextualBlockParser"/>) forgets the previous chunk's and gets the lines
    /// before this one from <paramref name="file"/> (null for a stream, which is one chunk from
    /// its start). Call before the chunk's first <see cref="Feed"/> or <see cref="FeedStream"/>.
    /// </summary>
    public void BeginChunk(SafeFileHandle? file, in Cursor cursor)
    {
        if (_parser is not IContextualBlockParser { UsesContext: true } contextual) return;
        long offset = 0;
        var length = file is null ? 0 : ChunkLookback.Read(file, cursor.FileOffset, contextual.LookbackBytes, ref _lookback, out offset);
        contextual.BeginChunk(_lookback.AsSpan(0, length), new BlockOrigin(cursor.InputIndex, cursor.ChunkIndex, offset, 0));
    }

    /// <summary>
    /// Parses the whole lines at the start of <paramref name="data"/>, which begins at a line
    /// start. When <paramref name="final"/>, the rest of the data is the last line (no LF) and is
    /// parsed too; otherwise it is left for the next call. Returns the bytes consumed and advances
    /// <paramref name="cursor"/> past them.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data, bool final, ref Cursor cursor)
    {
        var pos = 0;
        // Invariant: [0, pos) has been parsed (or skipped as too long or as a NUL region) and pos
        // is a line start, or inside a line after a NUL region. Each iteration consumes at least
        // one line or one NUL byte, or returns, so the loop ends.
        while (pos < data.Length)
        {
            var rest = data[pos..];
            if (rest[0] == 0)
            {
                pos += SkipNulRegion(rest, final, ref cursor);
                continue;
            }
            EndNulRegion(cursor);
            var take = Math.Min(BlockBytes, rest.Length);
            var lastLf = rest[..take].LastIndexOf((byte)'\n');
            if (lastLf >= 0)
            {
                // A block ends before the next NUL region, which is skipped by the next pass. A
                // parser whose scan sees NULs finds where; for the others, a pass of our own does.
                pos += _nulScanning is { } parser
                    ? ParseBeforeNulRegion(parser, rest[..(lastLf + 1)], ref cursor)
                    : Parse(rest[..NulRegions.LinesBefore(rest[..(lastLf + 1)])], ref cursor);
                continue;
            }
            // No LF in the window: one line of at least `take` bytes.
            var lf = take < rest.Length ? rest[take..].IndexOf((byte)'\n') : -1;
            if (lf < 0 && !final) return pos; // needs more data; FeedStream handles a full buffer
            var lineLength = lf >= 0 ? take + lf : rest.Length; // without the LF
            var consumed = lf >= 0 ? lineLength + 1 : lineLength;
            if (lineLength > MaxLineBytes)
            {
                _counters.AddMalformed(MalformedReason.LineTooLong, cursor.InputIndex, cursor.ChunkIndex, cursor.LineIndex, cursor.FileOffset, rest[..lineLength]);
                cursor.LineIndex++;
                cursor.FileOffset += consumed;
            }
            else if (lf >= 0)
            {
                Parse(rest[..consumed], ref cursor);
            }
            else
            {
                ParseUnterminated(rest[..lineLength], ref cursor);
            }
            pos += consumed;
        }
        if (final) EndNulRegion(cursor);
        return pos;
    }

    /// <summary>
    /// Skips the NULs at the start of <paramref name="data"/> (at least one): all of them when
    /// they run to its end and more data may follow (the region stays open), else up to the first
    /// other byte, ending the region. Returns the bytes skipped.
    /// </summary>
    private int SkipNulRegion(ReadOnlySpan<byte> data, bool final, ref Cursor cursor)
    {
        var run = data.IndexOfAnyExcept((byte)0);
        var length = run < 0 ? data.Length : run;
        if (_nulRegionLength == 0) _nulRegionStart = cursor.FileOffset;
        _nulRegionLength += length;
        cursor.FileOffset += length;
        if (run >= 0 || final) EndNulRegion(cursor);
        return length;
    }

    /// <summary>Counts the NUL region being skipped, if any: once, in the line that follows it.</summary>
    private void EndNulRegion(in Cursor cursor)
    {
        if (_nulRegionLength == 0) return;
        _counters.AddNulRegion(cursor.InputIndex, cursor.ChunkIndex, cursor.LineIndex, _nulRegionStart, _nulRegionLength);
        _nulRegionLength = 0;
    }

    /// <summary>
    /// Reads <paramref name="source"/> to its end in large pieces and parses every line. A line
    /// longer than the buffer is counted as too long and skipped without being held in memory.
    /// </summary>
    public void FeedStream(Stream source, ref Cursor cursor)
    {
        var buffer = _streamBuffer ??= new byte[StreamBufferBytes];
        var filled = 0;
        var skipping = false; // inside a too-long line whose start was already counted
        while (true)
        {
            var read = source.Read(buffer, filled, buffer.Length - filled);
            if (read == 0) break;
            if (skipping)
            {
                var lf = buffer.AsSpan(filled, read).IndexOf((byte)'\n');
                if (lf < 0)
                {
                    cursor.FileOffset += read;
                    continue;
                }
                cursor.FileOffset += lf + 1;
                buffer.AsSpan(filled + lf + 1, read - lf - 1).CopyTo(buffer);
                filled = read - lf - 1;
                skipping = false;
                continue;
            }
            filled += read;
            var consumed = Feed(buffer.AsSpan(0, filled), final: false, ref cursor);
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                // A full buffer without a LF: the line exceeds MaxLineBytes. Count it once, with
                // its start as the excerpt, then drop bytes up to its LF.
                _counters.AddMalformed(MalformedReason.LineTooLong, cursor.InputIndex, cursor.ChunkIndex, cursor.LineIndex, cursor.FileOffset, buffer);
                cursor.LineIndex++;
                cursor.FileOffset += filled;
                filled = 0;
                skipping = true;
            }
        }
        if (filled > 0 && !skipping)
            Feed(buffer.AsSpan(0, filled), final: true, ref cursor);
        EndNulRegion(cursor);
    }

    /// <summary>Parses the whole lines of <paramref name="block"/>; returns its length.</summary>
    private int Parse(ReadOnlySpan<byte> block, ref Cursor cursor)
    {
        var origin = new BlockOrigin(cursor.InputIndex, cursor.ChunkIndex, cursor.FileOffset, cursor.LineIndex);
        cursor.LineIndex += _parser.ParseBlock(block, origin, _counters, _consumer);
        cursor.FileOffset += block.Length;
        return block.Length;
    }

    /// <summary>Parses the whole lines of <paramref name="block"/> before its first NUL region; returns their length.</summary>
    private int ParseBeforeNulRegion(INulScanningBlockParser parser, ReadOnlySpan<byte> block, ref Cursor cursor)
    {
        var origin = new BlockOrigin(cursor.InputIndex, cursor.ChunkIndex, cursor.FileOffset, cursor.LineIndex);
        cursor.LineIndex += parser.ParseBlockBeforeNulRegion(block, origin, _counters, _consumer, out var consumed);
        cursor.FileOffset += consumed;
        return consumed;
    }

    /// <summary>The last line of an input has no LF: parse a copy that has one.</summary>
    private void ParseUnterminated(ReadOnlySpan<byte> line, ref Cursor cursor)
    {
        var tail = _tail is { } t && t.Length > line.Length ? t : _tail = new byte[Math.Max(line.Length + 1, 4096)];
        line.CopyTo(tail);
        tail[line.Length] = (byte)'\n';
        var origin = new BlockOrigin(cursor.InputIndex, cursor.ChunkIndex, cursor.FileOffset, cursor.LineIndex);
        cursor.LineIndex += _parser.ParseBlock(tail.AsSpan(0, line.Length + 1), origin, _counters, _consumer);
        cursor.FileOffset += line.Length;
    }
}
