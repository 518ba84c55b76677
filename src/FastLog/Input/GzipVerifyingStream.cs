using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using FastLog.Formats;

namespace FastLog.Input;

/// <summary>
/// Decompresses a gzip file member by member (RFC 1952 §2.2: a gzip file is a series of
/// members, so <c>cat a.gz b.gz</c>, pigz and bgzip output are all valid) and checks every
/// member's trailer: the CRC-32 and the length mod 2^32 of its data (§2.3.1).
/// </summary>
/// <remarks>
/// <para>
/// Each member's header is parsed here (FEXTRA, FNAME, FCOMMENT, FHCRC); its deflate data goes
/// through a raw <see cref="DeflateStream"/>. That stream reads ahead and does not say where the
/// deflate data ended, so the trailer is found by its content: the 8 bytes holding the CRC-32 and
/// length computed here, searched from 8 bytes before the last read handed to the inflater
/// (zlib holds fewer than 8 input bytes it has not used) to the end of that read. A false match
/// inside compressed data has odds of 2^-64 per position; the only self-overlapping trailer is an
/// empty member's eight zeros, so a candidate followed by the end of input or another member's
/// magic is preferred.
/// </para>
/// <para>
/// An empty member's trailer (eight zeros) would also match inside zero padding after a damaged
/// trailer, so its deflate data is kept and its exact end found by replaying growing prefixes
/// through a fresh inflater (a prefix finishes iff it holds the whole stream); its trailer must
/// start exactly there (found by fuzzing: a damaged empty member followed by a zero byte was
/// accepted).
/// </para>
/// <para>
/// Errors are <see cref="InvalidDataException"/>s naming what failed ("CRC mismatch",
/// "truncated"), the member and its compressed offset; every byte returned before is kept by the
/// caller. Bytes after the last member that do not start another member are ignored, as
/// <c>gzip -d</c> does, and described by <see cref="Warning"/>: zero padding (tape or blocked
/// copies) or trailing garbage.
/// </para>
/// </remarks>
public sealed class GzipVerifyingStream : ReadOnlyStream
{
    /// <summary>16 KiB: the most handed to the inflater per read, so the trailer search never scans more.</summary>
    private const int MaxFeedBytes = 16 * 1024;

    /// <summary>64 KiB of compressed input: holds the last feed, the bytes before it and the trailer after it.</summary>
    private const int WindowBytes = 64 * 1024;

    /// <summary>Bytes kept before the read position when the window moves: covers the 8-byte look-back of the trailer search.</summary>
    private const int KeepBackBytes = 16;

    /// <summary>Shortest deflate stream (an empty fixed-Huffman block, <c>03 00</c>): the trailer starts at least this far after the header.</summary>
    private const int MinDeflateBytes = 2;

    /// <summary>
    /// 16 KiB: an empty member's deflate data (an empty block is 2 bytes) is kept in the window
    /// up to this length so its exact end can be found; longer ones (empty blocks only, which no
    /// writer produces) fall back to the trailer search by content.
    /// </summary>
    private const int MaxReplayedEmptyDeflateBytes = 16 * 1024;

    private const int HeaderBytes = 10;
    private const int TrailerBytes = 8;
    private const byte Id1 = 0x1F, Id2 = 0x8B, MethodDeflate = 8;
    private const byte FlagHeaderCrc = 0x02, FlagExtra = 0x04, FlagName = 0x08, FlagComment = 0x10, FlagsReserved = 0xE0;

    private readonly Stream _source;
    private readonly byte[] _window = new byte[WindowBytes];
    private readonly Crc32 _crc = new();
    private readonly Crc32 _headerCrc = new();
    private int _position; // next unread byte in _window
    private int _filled; // valid bytes in _window
    private long _windowOffset; // compressed offset of _window[0]
    private bool _sourceEnded;

    private DeflateStream? _inflater;
    private long _deflateStart; // compressed offset of the current member's deflate data
    private long _lastFeedStart = -1; // compressed offset of the last read handed to the inflater
    private long _keepFrom = long.MaxValue; // compressed offset from which the window must keep bytes (the trailer search range)
    private long _memberStart;
    private long _memberLength;
    private int _members;
    private long _length;
    private bool _ended;

    /// <summary>Wraps the compressed stream <paramref name="compressed"/>, positioned at the first member.</summary>
    public GzipVerifyingStream(Stream compressed) => _source = compressed;

    /// <summary>Decompressed bytes read so far.</summary>
    public override long BytesRead => _length;

    /// <summary>Compressed bytes consumed so far (through the end of the last member once the stream has ended).</summary>
    public long CompressedBytesRead => _windowOffset + _position;

    /// <summary>Members decoded or being decoded.</summary>
    public int Members => _members;

    /// <summary>Set at the end when bytes after the last member were ignored (zero padding or garbage); null otherwise.</summary>
    public string? Warning { get; private set; }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        // Invariant: each pass either returns data, or finishes one member (checking its trailer)
        // and starts the next; members consume input, so the loop ends with the input.
        while (!_ended)
        {
            if (_inflater is null && !StartMember()) break;
            int n;
            try
            {
                n = _inflater!.Read(buffer);
            }
            catch (InvalidDataException)
            {
                throw Corrupt("invalid deflate data", CompressedBytesRead);
            }
            if (n > 0)
            {
                _crc.Append(buffer[..n]);
                _memberLength += n;
                _length += n;
                return n;
            }
            FinishMember();
        }
        _ended = true;
        return 0;
    }

    /// <summary>Parses the next member's header and opens its inflater; false at the end of the gzip data.</summary>
    private bool StartMember()
    {
        if (_members > 0 && !AtNextMember())
        {
            DescribeTrailingBytes();
            return false;
        }
        _memberStart = CompressedBytesRead;
        _members++;
        _headerCrc.Reset();
        if (!Ensure(HeaderBytes)) throw Truncated("header");
        var header = _window.AsSpan(_position, HeaderBytes);
        if (header[0] != Id1 || header[1] != Id2)
            throw Corrupt("not gzip data (no 1F 8B magic)", _memberStart);
        if (header[2] != MethodDeflate)
            throw Corrupt($"unsupported compression method {header[2]} (only 8, deflate, is defined)", _memberStart);
        var flags = header[3];
        if ((flags & FlagsReserved) != 0)
            throw Corrupt($"reserved header flags set (0x{flags:X2})", _memberStart);
        ConsumeHeader(HeaderBytes);
        if ((flags & FlagExtra) != 0)
        {
            if (!Ensure(2)) throw Truncated("header extra field");
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(_window.AsSpan(_position, 2));
            ConsumeHeader(2);
            SkipHeaderBytes(extraLength);
        }
        if ((flags & FlagName) != 0) SkipHeaderString("file name");
        if ((flags & FlagComment) != 0) SkipHeaderString("comment");
        if ((flags & FlagHeaderCrc) != 0)
        {
            if (!Ensure(2)) throw Truncated("header CRC");
            var expected = BinaryPrimitives.ReadUInt16LittleEndian(_window.AsSpan(_position, 2));
            var actual = (ushort)_headerCrc.GetCurrentHashAsUInt32();
            if (expected != actual) throw Corrupt($"header CRC mismatch (header says 0x{expected:X4}, header bytes give 0x{actual:X4})", _memberStart);
            _position += 2;
        }
        _deflateStart = CompressedBytesRead;
        _lastFeedStart = -1;
        _keepFrom = long.MaxValue;
        _crc.Reset();
        _memberLength = 0;
        _inflater = new DeflateStream(new DeflateFeed(this), CompressionMode.Decompress, leaveOpen: false);
        return true;
    }

    /// <summary>The inflater has ended: find this member's trailer, check it, and move past it.</summary>
    private void FinishMember()
    {
        _inflater!.Dispose();
        _inflater = null;
        var crc = _crc.GetCurrentHashAsUInt32();
        var length = (uint)_memberLength;
        var fedEnd = CompressedBytesRead;
        var searchFrom = Math.Max(_deflateStart + MinDeflateBytes, _lastFeedStart - TrailerBytes);
        // The inflater stops silently at the end of input: ending before the shortest deflate
        // stream is a member cut right after its header (found by fuzzing: it used to crash).
        if (searchFrom > fedEnd) throw Truncated("deflate data (the input ends right after the member header)");
        // The trailer starts somewhere in [searchFrom, fedEnd]; make the 8 bytes after fedEnd and
        // the 2 after those (the next member's magic) readable, fewer at the end of input.
        var replayEmpty = _memberLength == 0 && fedEnd - _deflateStart <= MaxReplayedEmptyDeflateBytes;
        _keepFrom = replayEmpty ? _deflateStart : searchFrom;
        Ensure(TrailerBytes + 2);
        _keepFrom = long.MaxValue;
        if (replayEmpty)
        {
            CheckEmptyMemberTrailer(fedEnd);
            return;
        }
        var fromIndex = (int)(searchFrom - _windowOffset);
        var region = _window.AsSpan(fromIndex, _filled - fromIndex);
        var lastStart = (int)(fedEnd - searchFrom);
        Span<byte> trailer = stackalloc byte[TrailerBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], length);
        var at = FindTrailer(region, lastStart, trailer);
        if (at >= 0)
        {
            _position = fromIndex + at + TrailerBytes;
            return;
        }
        // No exact trailer: tell the user which half does not match.
        var lengthAt = FindTrailer(region, lastStart, trailer[4..], offset: 4);
        if (lengthAt >= 0)
        {
            var stored = BinaryPrimitives.ReadUInt32LittleEndian(region[lengthAt..]);
            throw Corrupt($"CRC mismatch (trailer says 0x{stored:X8}, data gives 0x{crc:X8})", _memberStart);
        }
        var crcAt = FindTrailer(region, lastStart, trailer[..4]);
        if (crcAt >= 0 && crcAt + TrailerBytes <= region.Length)
        {
            var stored = BinaryPrimitives.ReadUInt32LittleEndian(region[(crcAt + 4)..]);
            throw Corrupt($"length mismatch (trailer says {stored} bytes mod 2^32, data has {length})", _memberStart);
        }
        // Neither half matches: almost always a cut (the inflater stops silently at the end of
        // input), else a trailer damaged in both halves.
        if (_sourceEnded && region.Length < lastStart + TrailerBytes + 2) throw Truncated("deflate data or trailer (no CRC-32 and length matching the data follow it)");
        throw Corrupt("CRC mismatch and length mismatch (corrupt trailer)", _memberStart);
    }

    /// <summary>
    /// An empty member: finds where its deflate data ends exactly (the shortest prefix of
    /// <c>[_deflateStart, fedEnd]</c> a fresh inflater finishes on; finishing is monotone in the
    /// prefix length, so a binary search) and requires its trailer, eight zero bytes, right there.
    /// </summary>
    private void CheckEmptyMemberTrailer(long fedEnd)
    {
        var deflate = _window.AsSpan((int)(_deflateStart - _windowOffset), (int)(fedEnd - _deflateStart));
        // Invariant: a prefix of `high` bytes finishes, one of `low` bytes does not (0 never does);
        // the primary inflater finished within the bytes it was fed, so `high` starts valid.
        int low = 0, high = deflate.Length;
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (InflaterFinishes(deflate[..middle])) high = middle;
            else low = middle;
        }
        _position = (int)(_deflateStart - _windowOffset) + high;
        if (_filled - _position < TrailerBytes) throw Truncated("trailer (fewer than 8 bytes follow its deflate data)");
        var stored = _window.AsSpan(_position, TrailerBytes);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(stored);
        var storedLength = BinaryPrimitives.ReadUInt32LittleEndian(stored[4..]);
        if (storedCrc != 0) throw Corrupt($"CRC mismatch (trailer says 0x{storedCrc:X8}, data gives 0x00000000: the member is empty)", _memberStart);
        if (storedLength != 0) throw Corrupt($"length mismatch (trailer says {storedLength} bytes mod 2^32, data has 0: the member is empty)", _memberStart);
        _position += TrailerBytes;
    }

    /// <summary>Whether a fresh inflater reaches the end of the deflate stream within <paramref name="deflate"/> (rather than asking for more input).</summary>
    private static bool InflaterFinishes(ReadOnlySpan<byte> deflate)
    {
        var feed = new EndProbe(deflate.ToArray());
        using var inflater = new DeflateStream(feed, CompressionMode.Decompress);
        Span<byte> sink = stackalloc byte[256];
        try
        {
            // Invariant: each pass reads output or ends; the data was already inflated once (empty),
            // so any output at all means this prefix is not that stream.
            while (inflater.Read(sink) > 0) return false;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        return !feed.AskedPastEnd;
    }

    /// <summary>
    /// The first trailer start in <c>[0, lastStart]</c> whose bytes from <paramref name="offset"/> on
    /// equal <paramref name="pattern"/>, preferring one whose trailer is followed by the end of
    /// input or another member's magic. -1 when there is none.
    /// </summary>
    private int FindTrailer(ReadOnlySpan<byte> region, int lastStart, ReadOnlySpan<byte> pattern, int offset = 0)
    {
        var first = -1;
        // Invariant: every candidate start below `start` has been checked; each pass moves start forward.
        for (var start = 0; start <= lastStart;)
        {
            var searchEnd = Math.Min(region.Length, lastStart + offset + pattern.Length);
            if (start + offset >= searchEnd) break;
            var hit = region[(start + offset)..searchEnd].IndexOf(pattern);
            if (hit < 0) break;
            var candidate = start + hit;
            if (first < 0) first = candidate;
            var next = candidate + TrailerBytes;
            var endsInput = _sourceEnded && next == region.Length;
            var startsMember = next + 2 <= region.Length && region[next] == Id1 && region[next + 1] == Id2;
            if (endsInput || startsMember) return candidate;
            start = candidate + 1;
        }
        return first;
    }

    /// <summary>After a member: true when another member follows (its magic), false at the end of input or before trailing bytes.</summary>
    private bool AtNextMember() =>
        Ensure(2) && _window[_position] == Id1 && _window[_position + 1] == Id2;

    /// <summary>Reads the bytes after the last member to the end and sets <see cref="Warning"/>: all zeros is padding, anything else garbage.</summary>
    private void DescribeTrailingBytes()
    {
        var start = CompressedBytesRead;
        var zeros = true;
        // Invariant: [start, CompressedBytesRead) has been examined; every pass consumes the window.
        while (Ensure(1))
        {
            if (zeros && _window.AsSpan(_position, _filled - _position).ContainsAnyExcept((byte)0)) zeros = false;
            _position = _filled;
        }
        var count = CompressedBytesRead - start;
        if (count == 0) return;
        Warning = zeros
            ? $"{count} bytes of zero padding after the last gzip member (compressed offset {start}) ignored"
            : $"trailing garbage ignored: {count} bytes after the last gzip member (compressed offset {start}) do not start another member";
    }

    private void SkipHeaderBytes(int count)
    {
        // Invariant: `count` header bytes remain; each pass consumes at least one.
        while (count > 0)
        {
            if (!Ensure(1)) throw Truncated("header extra field");
            var n = Math.Min(count, _filled - _position);
            ConsumeHeader(n);
            count -= n;
        }
    }

    private void SkipHeaderString(string what)
    {
        // A zero-terminated field of any length (R4: bounded by the input, never buffered whole).
        while (true)
        {
            if (!Ensure(1)) throw Truncated($"header {what}");
            var available = _window.AsSpan(_position, _filled - _position);
            var nul = available.IndexOf((byte)0);
            if (nul >= 0)
            {
                ConsumeHeader(nul + 1);
                return;
            }
            ConsumeHeader(available.Length);
        }
    }

    private void ConsumeHeader(int count)
    {
        _headerCrc.Append(_window.AsSpan(_position, count));
        _position += count;
    }

    /// <summary>
    /// Makes <paramref name="count"/> bytes (at most a few KiB) readable at the read position,
    /// fewer only at the end of input; returns whether all are. When the window moves it keeps
    /// <see cref="KeepBackBytes"/> bytes before the read position and everything from
    /// <see cref="_keepFrom"/> on.
    /// </summary>
    private bool Ensure(int count)
    {
        if (_filled - _position >= count) return true;
        if (_window.Length - _filled < Math.Max(count, MaxFeedBytes))
        {
            var keepIndex = (int)Math.Max(0, Math.Min(_position - KeepBackBytes, _keepFrom - _windowOffset));
            _window.AsSpan(keepIndex, _filled - keepIndex).CopyTo(_window);
            _windowOffset += keepIndex;
            _position -= keepIndex;
            _filled -= keepIndex;
        }
        // Invariant: [_position, _filled) are unread input; each pass adds bytes or ends the input.
        // The window has room: what is kept is at most one feed plus a trailer, well under its size.
        while (_filled - _position < count && !_sourceEnded)
        {
            var n = _source.Read(_window, _filled, _window.Length - _filled);
            if (n <= 0) _sourceEnded = true;
            else _filled += n;
        }
        return _filled - _position >= count;
    }

    private InvalidDataException Truncated(string part) =>
        new($"truncated gzip input: member {_members} (compressed offset {_memberStart}) ends inside its {part}, after {_length} decompressed bytes");

    private InvalidDataException Corrupt(string what, long offset) =>
        new($"corrupt gzip input: {what} in member {_members} (compressed offset {offset}), after {_length} decompressed bytes");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater?.Dispose();
            _source.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>A prefix of deflate data that records whether the inflater asked for input after its end (it had not finished).</summary>
    private sealed class EndProbe(byte[] bytes) : ReadOnlyStream
    {
        private int _offset;

        public bool AskedPastEnd { get; private set; }

        public override long BytesRead => _offset;

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, bytes.Length - _offset);
            if (n == 0) AskedPastEnd = true;
            bytes.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }
    }

    /// <summary>The current member's compressed bytes, handed to the inflater from the window.</summary>
    private sealed class DeflateFeed(GzipVerifyingStream owner) : ReadOnlyStream
    {
        public override long BytesRead => owner.CompressedBytesRead;

        public override int Read(Span<byte> buffer)
        {
            if (!owner.Ensure(1)) return 0;
            var n = Math.Min(Math.Min(buffer.Length, MaxFeedBytes), owner._filled - owner._position);
            owner._lastFeedStart = owner.CompressedBytesRead;
            // The trailer search after this feed starts up to 8 bytes before it; while the member
            // is still empty its whole deflate data is kept (CheckEmptyMemberTrailer replays it).
            owner._keepFrom = owner._memberLength == 0 && owner._lastFeedStart - owner._deflateStart <= MaxReplayedEmptyDeflateBytes
                ? owner._deflateStart
                : owner._lastFeedStart - TrailerBytes;
            owner._window.AsSpan(owner._position, n).CopyTo(buffer);
            owner._position += n;
            return n;
        }
    }
}
