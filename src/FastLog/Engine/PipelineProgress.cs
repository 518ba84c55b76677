using FastLog.Diagnostics;

namespace FastLog.Engine;

/// <summary>
/// How far a run is, for a progress line read by another thread. The workers pay one
/// <see cref="Interlocked.Add(ref long, long)"/> per finished chunk of a file, or per buffer read
/// from a stream (stdin, gzip, a pipe); records are read from the workers' own counters, which
/// cost the hot path nothing.
/// </summary>
public sealed class PipelineProgress
{
    private long _bytesDone;
    private long _totalBytes = -1;
    private ParseCounters[] _counters = [];
    private long _recordsAtEnd;

    /// <summary>Bytes read so far (of a file: its finished chunks; of a stream: what was read from it).</summary>
    public long BytesDone => Volatile.Read(ref _bytesDone);

    /// <summary>Bytes the run will read: the sum of the files' sizes; -1 when a stream input makes it unknown.</summary>
    public long TotalBytes => Volatile.Read(ref _totalBytes);

    /// <summary>Records parsed so far, summed over the workers (a racy but tear-free read of 64-bit counters).</summary>
    public long Records
    {
        get
        {
            var sum = Volatile.Read(ref _recordsAtEnd);
            foreach (var counters in Volatile.Read(ref _counters)) sum += Volatile.Read(ref counters.Parsed);
            return sum;
        }
    }

    /// <summary>Adds <paramref name="bytes"/> read by a worker.</summary>
    public void Add(long bytes) => Interlocked.Add(ref _bytesDone, bytes);

    /// <summary>Starts a pass: nothing read yet, <paramref name="totalBytes"/> to read (-1 unknown), records from <paramref name="counters"/>.</summary>
    internal void Start(long totalBytes, ParseCounters[] counters)
    {
        Volatile.Write(ref _bytesDone, 0);
        Volatile.Write(ref _totalBytes, totalBytes);
        Volatile.Write(ref _recordsAtEnd, 0);
        Volatile.Write(ref _counters, counters);
    }

    /// <summary>Reading is over: the records are kept, the workers' counters let go (merging sums them into the first).</summary>
    internal void ReadingEnded()
    {
        var records = Records;
        Volatile.Write(ref _counters, []);
        Volatile.Write(ref _recordsAtEnd, records);
    }
}

/// <summary>
/// A stream that adds every read's byte count to a <see cref="PipelineProgress"/> (one add per
/// buffer, not per record); seeking passes through, for readers that need it (Parquet's footer).
/// </summary>
internal sealed class ProgressReadStream(Stream inner, PipelineProgress progress) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        progress.Add(read);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
