using System.Buffers.Binary;
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
/// through a <see cref="RawInflater"/>, which reports exactly how many input bytes the deflate
/// stream used, so the 8-byte trailer is read right where the stream ends (RFC 1952 §2.2) and
/// compared with the CRC-32 and length computed here. Bytes between the end of the deflate data
/// and a matching trailer are damage, as <c>gzip -t</c> reports them ("crc error"), not skipped
/// (found by fuzzing: the trailer used to be searched by content, so a trailer after a few stray
/// bytes was accepted).
/// </para>
/// <para>
/// Errors are <see cref="InvalidDataException"/>s naming what failed ("CRC mismatch",
/// "truncated"), the member and its compressed offset; every byte returned before is kept by the
/// caller. Bytes after the last member's trailer that do not start another member are ignored,
/// as <c>gzip -d</c> and <c>zcat</c> do ("trailing garbage ignored"), and described by
/// <see cref="Warning"/>: zero padding (tape or blocked copies) or trailing garbage.
/// </para>
/// </remarks>
public sealed class GzipVerifyingStream : ReadOnlyStream
{
    /// <summary>64 KiB of compressed input: the inflater reads straight from this window.</summary>
    private const int WindowBytes = 64 * 1024;

    /// <summary>16 KiB: the window is refilled once fewer bytes than this fit after its data.</summary>
    private const int MinRefillBytes = 16 * 1024;

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

    private RawInflater? _inflater;
    private bool _inMember; // a member's header is read and its deflate data not yet ended
    private bool _trailerDue; // a member's deflate data ended at _position; its trailer is not yet checked
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
        // Invariant: each pass consumes input or returns data, or checks one member's trailer and
        // starts the next; every member consumes input, so the loop ends with the input.
        while (!_ended)
        {
            // Checked after the member's last bytes were handed out, so they reach the caller before any error.
            if (_trailerDue)
            {
                _trailerDue = false;
                CheckTrailer();
            }
            if (!_inMember && !StartMember()) break;
            if (_position == _filled && !Ensure(1)) throw Truncated("deflate data");
            var available = _filled - _position;
            var status = _inflater!.Inflate(_window.AsSpan(_position, available), buffer, out var consumed, out var produced);
            _position += consumed;
            if (status == RawInflater.Status.Invalid) throw Corrupt("invalid deflate data", CompressedBytesRead);
            if (status == RawInflater.Status.End)
            {
                _inMember = false;
                _trailerDue = true;
            }
            else if (consumed == 0 && produced == 0)
            {
                // zlib always progresses with input and output room; a stall would otherwise loop for ever.
                throw Corrupt("invalid deflate data (the inflater made no progress)", CompressedBytesRead);
            }
            if (produced > 0)
            {
                _crc.Append(buffer[..produced]);
                _memberLength += produced;
                _length += produced;
                return produced;
            }
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
        _crc.Reset();
        _memberLength = 0;
        if (_inflater is null) _inflater = new RawInflater();
        else _inflater.Reset();
        _inMember = true;
        return true;
    }

    /// <summary>
    /// The inflater has ended the member's deflate data at the read position: the trailer must be
    /// the next 8 bytes, holding the CRC-32 and the length mod 2^32 of the member's data.
    /// </summary>
    private void CheckTrailer()
    {
        if (!Ensure(TrailerBytes)) throw Truncated("trailer (fewer than 8 bytes follow its deflate data)");
        var stored = _window.AsSpan(_position, TrailerBytes);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(stored);
        var storedLength = BinaryPrimitives.ReadUInt32LittleEndian(stored[4..]);
        var crc = _crc.GetCurrentHashAsUInt32();
        var length = (uint)_memberLength;
        if (storedCrc != crc && storedLength != length)
            throw Corrupt($"CRC mismatch and length mismatch (trailer says 0x{storedCrc:X8} and {storedLength} bytes, data gives 0x{crc:X8} and {length})", _memberStart);
        if (storedCrc != crc) throw Corrupt($"CRC mismatch (trailer says 0x{storedCrc:X8}, data gives 0x{crc:X8})", _memberStart);
        if (storedLength != length) throw Corrupt($"length mismatch (trailer says {storedLength} bytes mod 2^32, data has {length})", _memberStart);
        _position += TrailerBytes;
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
    /// fewer only at the end of input; returns whether all are. The inflater has consumed every
    /// byte before the read position, so the window keeps none of them when it moves.
    /// </summary>
    private bool Ensure(int count)
    {
        if (_filled - _position >= count) return true;
        if (_window.Length - _filled < Math.Max(count, MinRefillBytes))
        {
            var keepIndex = _position;
            _window.AsSpan(keepIndex, _filled - keepIndex).CopyTo(_window);
            _windowOffset += keepIndex;
            _position -= keepIndex;
            _filled -= keepIndex;
        }
        // Invariant: [_position, _filled) are unread input; each pass adds bytes or ends the input.
        // The window has room: what is kept is the unread bytes, fewer than count.
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
}
