using System.Text;
using FastLog.Output.Filter;
using FastLog.Output.Sinks;

namespace FastLog.Tests.Output.Filter;

/// <summary>
/// The ordered writer: chunks finishing in any order come out in (input, chunk) order, the
/// memory held for chunks that are not next stays within the budget (writers block instead),
/// and a failing output cancels the run and wakes blocked writers.
/// </summary>
public class OrderedChunkWriterTests
{
    [Fact]
    public void ChunksFinishingInAnyOrder_ComeOutInInputOrder()
    {
        var output = new MemoryStream();
        using var cancel = new CancellationTokenSource();
        var writer = new OrderedChunkWriter(output, cancel);
        writer.Plan([2, 0, 3]);
        // (input, chunk) keys in a scrambled completion order; pieces written in two halves.
        var order = new[] { (2, 2), (0, 1), (2, 0), (0, 0), (2, 1) };
        foreach (var (input, chunk) in order)
        {
            writer.Write(input, chunk, Encoding.ASCII.GetBytes($"[{input}.{chunk}a]"));
            writer.Write(input, chunk, Encoding.ASCII.GetBytes($"[{input}.{chunk}b]"));
            writer.Complete(input, chunk);
        }
        Assert.Equal("[0.0a][0.0b][0.1a][0.1b][2.0a][2.0b][2.1a][2.1b][2.2a][2.2b]", Encoding.ASCII.GetString(output.ToArray()));
        Assert.True(writer.AllWritten);
        Assert.Null(writer.Failure);
    }

    // Eight threads, one chunk each, the last chunk first in line but slowest: the others block
    // on the 1 KiB budget rather than buffering everything, and the output is still in order.
    [Fact]
    public void AheadWriters_BlockAtTheBudget()
    {
        const int Chunks = 8, Pieces = 64, PieceBytes = 100;
        var output = new MemoryStream();
        using var cancel = new CancellationTokenSource();
        var writer = new OrderedChunkWriter(output, cancel, pendingBudgetBytes: 1024);
        writer.Plan([Chunks]);
        var threads = Enumerable.Range(0, Chunks).Select(c => new Thread(() =>
        {
            if (c == 0) Thread.Sleep(200); // the head starts late
            for (var p = 0; p < Pieces; p++) writer.Write(0, c, Enumerable.Repeat((byte)('a' + c), PieceBytes).ToArray());
            writer.Complete(0, c);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var expected = string.Concat(Enumerable.Range(0, Chunks).Select(c => new string((char)('a' + c), Pieces * PieceBytes)));
        Assert.Equal(expected, Encoding.ASCII.GetString(output.ToArray()));
        Assert.True(writer.PeakPendingBytes <= 1024, $"held {writer.PeakPendingBytes} bytes, budget 1024");
    }

    [Fact]
    public void FailingOutput_CancelsAndWakesBlockedWriters()
    {
        using var cancel = new CancellationTokenSource();
        var writer = new OrderedChunkWriter(new ClosedStream(), cancel, pendingBudgetBytes: 10);
        writer.Plan([2]);
        writer.Write(0, 1, new byte[10]); // pending: the budget is used up
        var blocked = new Thread(() => Assert.Throws<OperationCanceledException>(() => writer.Write(0, 1, new byte[5])));
        blocked.Start();
        Thread.Sleep(50);
        Assert.Throws<OperationCanceledException>(() => writer.Write(0, 0, new byte[1])); // the head hits EPIPE
        blocked.Join();
        Assert.IsType<OutputClosedException>(writer.Failure);
        Assert.True(cancel.IsCancellationRequested);
        writer.Complete(0, 0); // from the pipeline's finally: no throw
    }

    private sealed class ClosedStream : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new OutputClosedException();
        public override void Write(ReadOnlySpan<byte> buffer) => throw new OutputClosedException();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get => 0; set { } }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => 0;
        public override long Seek(long offset, SeekOrigin origin) => 0;
        public override void SetLength(long value) { }
    }
}
