namespace FastLog.Output.Sinks;

/// <summary>Base of the output layer's forward-only, write-only streams: everything but writing is unsupported.</summary>
public abstract class WriteOnlyStream : Stream
{
    /// <inheritdoc/>
    public sealed override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public abstract override void Write(ReadOnlySpan<byte> buffer);

    /// <inheritdoc/>
    public sealed override bool CanRead => false;
    /// <inheritdoc/>
    public sealed override bool CanSeek => false;
    /// <inheritdoc/>
    public sealed override bool CanWrite => true;
    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <inheritdoc/>
    public override void Flush() { }
    /// <inheritdoc/>
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    /// <inheritdoc/>
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc/>
    public sealed override void SetLength(long value) => throw new NotSupportedException();
}
