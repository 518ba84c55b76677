namespace FastLog.Formats;

/// <summary>Base of the input layer's forward-only, read-only streams: everything but reading is unsupported.</summary>
public abstract class ReadOnlyStream : Stream
{
    /// <inheritdoc/>
    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public abstract override int Read(Span<byte> buffer);

    /// <inheritdoc/>
    public sealed override bool CanRead => true;
    /// <inheritdoc/>
    public sealed override bool CanSeek => false;
    /// <inheritdoc/>
    public sealed override bool CanWrite => false;
    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();
    /// <summary>Bytes read so far.</summary>
    public abstract long BytesRead { get; }
    /// <inheritdoc/>
    public sealed override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    /// <inheritdoc/>
    public sealed override void Flush() { }
    /// <inheritdoc/>
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc/>
    public sealed override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc/>
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
