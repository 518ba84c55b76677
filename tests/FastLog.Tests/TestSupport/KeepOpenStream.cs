namespace FastLog.Tests.TestSupport;

/// <summary>
/// A write-through view of another stream whose <see cref="Stream.Dispose()"/> leaves the inner
/// stream open, so a test can read what the CLI wrote after the CLI disposed its stdout.
/// </summary>
public sealed class KeepOpenStream(Stream inner) : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => false;
    /// <inheritdoc/>
    public override bool CanSeek => false;
    /// <inheritdoc/>
    public override bool CanWrite => true;
    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    /// <inheritdoc/>
    public override void WriteByte(byte value) => inner.WriteByte(value);
    /// <inheritdoc/>
    public override void Flush() => inner.Flush();
    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Deliberately does not dispose the inner stream.</summary>
    protected override void Dispose(bool disposing)
    {
    }
}
