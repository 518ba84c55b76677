namespace FastLog.Formats.Parquet;

/// <summary>
/// The seekable spool Parquet.Net reads, refusing any read or seek at or past its end. Parquet.Net
/// 6.1's Thrift reader takes <c>ReadByte() == -1</c> at the end of a stream as the byte 0xFF, a
/// varint continuation, so metadata that sends it reading the file past its end looped there for
/// ever (found by fuzzing, fuzz/RESULTS.md F9). A readable file never needs a byte past its end:
/// the footer, its length and its magic end it. (Reads past the end of the footer's in-memory
/// copy, F5, cannot be stopped here: <see cref="ParquetFooter"/> refuses such footers first.)
/// </summary>
internal sealed class EndGuardStream(Stream inner) : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => inner.Length;

    /// <inheritdoc/>
    public override long Position
    {
        get => inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (!buffer.IsEmpty && inner.Position >= inner.Length) throw PastEnd();
        return inner.Read(buffer);
    }

    /// <inheritdoc/>
    public override int ReadByte()
    {
        if (inner.Position >= inner.Length) throw PastEnd();
        return inner.ReadByte();
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => inner.Position + offset,
            _ => inner.Length + offset,
        };
        if (target < 0 || target > inner.Length) throw PastEnd();
        return inner.Seek(target, SeekOrigin.Begin);
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static InvalidDataException PastEnd()
        => new("not a readable Parquet file: its metadata points past the end of the file");
}
