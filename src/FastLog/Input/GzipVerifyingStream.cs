using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace FastLog.Input;

/// <summary>
/// Decompresses gzip and checks, at the end, that the data matches the member trailer (CRC-32
/// and length mod 2^32, RFC 1952 §2.3.1). <see cref="GZipStream"/> reports a truncated input as
/// a normal end of data; this turns it into <see cref="InvalidDataException"/>, so a cut-off
/// archive is reported (exit 1) instead of silently counting fewer records.
/// </summary>
/// <remarks>
/// Only the last member's trailer can be read back, so a file of several concatenated members
/// fails the check too; the message says so. Records decoded before the check are kept.
/// </remarks>
public sealed class GzipVerifyingStream : ReadOnlyStream
{
    private readonly TailKeepingStream _compressed;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _verified;

    /// <summary>Wraps the compressed stream <paramref name="compressed"/>.</summary>
    public GzipVerifyingStream(Stream compressed)
    {
        _compressed = new TailKeepingStream(compressed);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var n = _gzip.Read(buffer);
        if (n > 0)
        {
            _crc.Append(buffer[..n]);
            _length += n;
        }
        else if (buffer.Length > 0 && !_verified)
        {
            _verified = true;
            var tail = _compressed.Tail;
            if (tail.Length < 8
                || BinaryPrimitives.ReadUInt32LittleEndian(tail) != _crc.GetCurrentHashAsUInt32()
                || BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) != (uint)_length)
            {
                throw new InvalidDataException(
                    $"gzip data does not match its trailer after {_length} decompressed bytes and {_compressed.BytesRead} compressed bytes: "
                    + "truncated or corrupt input (a file of several concatenated gzip members cannot be verified either)");
            }
        }
        return n;
    }

    /// <summary>Decompressed bytes read so far.</summary>
    public override long BytesRead => _length;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Passes reads through and remembers the last 8 bytes read (the gzip trailer at the end).</summary>
    private sealed class TailKeepingStream(Stream inner) : ReadOnlyStream
    {
        private readonly byte[] _tail = new byte[8];
        private int _tailLength;

        private long _bytesRead;

        public override long BytesRead => _bytesRead;

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(0, _tailLength);

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            if (n <= 0) return n;
            _bytesRead += n;
            if (n >= 8)
            {
                buffer.Slice(n - 8, 8).CopyTo(_tail);
                _tailLength = 8;
            }
            else
            {
                // Shift the kept bytes left and append the new ones.
                var keep = Math.Min(_tailLength, 8 - n);
                _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
                buffer[..n].CopyTo(_tail.AsSpan(keep));
                _tailLength = keep + n;
            }
            return n;
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
