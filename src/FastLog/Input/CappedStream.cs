using FastLog.Formats;

namespace FastLog.Input;

/// <summary>
/// Passes reads through until more than <paramref name="maxBytes"/> bytes have come, then throws
/// <see cref="InputTooLargeException"/> with <paramref name="message"/>: an input without a known end
/// (a device, a side input from a pipe) stops with a clear error instead of growing or running
/// without bound.
/// </summary>
public sealed class CappedStream(Stream inner, long maxBytes, string message) : ReadOnlyStream
{
    private long _read;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        if (_read > maxBytes) throw new InputTooLargeException(message);
        return n;
    }

    /// <inheritdoc/>
    public override long BytesRead => _read;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
