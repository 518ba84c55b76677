namespace FastLog.Formats.Json;

/// <summary>
/// A read-only stream of one record per line over a CloudTrail delivery file (see
/// <see cref="RecordsReframer"/>): reads the inner stream in 64 KiB pieces, never the whole file.
/// </summary>
/// <remarks>
/// Downstream, line numbers are record numbers (1-based, in file order) and byte offsets of
/// malformed samples are offsets in this compact stream, not in the file.
/// </remarks>
public sealed class RecordsReframingStream(Stream inner) : Stream
{
    /// <summary>64 KiB: a few records per read, small next to the line cutter's 4 MiB buffer.</summary>
    private const int InputBytes = 64 * 1024;

    private readonly byte[] _input = new byte[InputBytes];
    private RecordsReframer _reframer;
    private int _start;
    private int _end;
    private bool _innerDone;
    private bool _finished;
    private long _position;

    /// <summary>Records (lines) written so far.</summary>
    public long Records => _reframer.Records;

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _finished) return 0;
        // Invariant: [_start, _end) of _input is read from the inner stream but not yet reframed.
        // Each pass either writes bytes (and returns), consumes input, reads more, or finishes.
        while (true)
        {
            if (_start == _end)
            {
                if (!_innerDone)
                {
                    _start = 0;
                    _end = inner.Read(_input, 0, _input.Length);
                    _innerDone = _end == 0;
                    continue;
                }
                _finished = true;
                var last = _reframer.Finish(buffer);
                _position += last;
                return last;
            }
            var written = _reframer.Transform(_input.AsSpan(_start, _end - _start), buffer, out var consumed);
            _start += consumed;
            if (written > 0)
            {
                _position += written;
                return written;
            }
        }
    }

    /// <inheritdoc/>
    public override bool CanRead => true;
    /// <inheritdoc/>
    public override bool CanSeek => false;
    /// <inheritdoc/>
    public override bool CanWrite => false;
    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();
    /// <summary>Bytes written so far (reads only move it forward).</summary>
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    /// <inheritdoc/>
    public override void Flush() { }
    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
