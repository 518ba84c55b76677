using System.Runtime.ExceptionServices;

namespace FastLog.Input;

/// <summary>
/// Replays bytes already read from a stream (the sample used to detect the format), then
/// continues with the stream itself. Lets a pipe be sniffed without seeking.
/// </summary>
public sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream inner) : ReadOnlyStream
{
    private int _prefixPosition;
    private long _position;
    private ExceptionDispatchInfo? _deferred;

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes from the start of <paramref name="inner"/> and
    /// wraps it so they are read again. When reading fails part-way (a corrupt or cut gzip file),
    /// the bytes before the failure are still the sample and are replayed; the error is raised
    /// when the replay reaches it, so the records before it are kept.
    /// </summary>
    public static PrefixedStream Peek(Stream inner, int count, out ReadOnlyMemory<byte> sample)
    {
        var prefix = new byte[count];
        var filled = 0;
        ExceptionDispatchInfo? deferred = null;
        try
        {
            while (filled < count)
            {
                var n = inner.Read(prefix, filled, count - filled);
                if (n == 0) break;
                filled += n;
            }
        }
        catch (InvalidDataException e)
        {
            deferred = ExceptionDispatchInfo.Capture(e);
        }
        sample = prefix.AsMemory(0, filled);
        return new PrefixedStream(prefix, filled, inner) { _deferred = deferred };
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_prefixPosition < prefixLength)
        {
            n = Math.Min(buffer.Length, prefixLength - _prefixPosition);
            prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
            _prefixPosition += n;
        }
        else
        {
            _deferred?.Throw();
            n = inner.Read(buffer);
        }
        _position += n;
        return n;
    }

    /// <summary>Bytes read so far (decompressed bytes for gzip).</summary>
    public override long BytesRead => _position;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
