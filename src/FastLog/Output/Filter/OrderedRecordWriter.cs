using System.Diagnostics;
using FastLog.Aggregation;
using FastLog.Columns;

namespace FastLog.Output.Filter;

/// <summary>
/// A worker's sink for commands that write records in input order (<c>filter</c>,
/// <c>convert</c>): appends each record it receives (already filtered) to the current chunk's
/// buffer and hands the buffer to the shared <see cref="OrderedChunkWriter"/> in pieces, which
/// puts the chunks back into input order. A derived class only encodes one record.
/// </summary>
/// <remarks>
/// A piece goes out when it reaches <see cref="PieceBytes"/>, at the end of the chunk, and at
/// least every <see cref="MaxDelayMilliseconds"/> while records keep arriving, so a run piped
/// into <c>head -1</c> notices the closed pipe quickly even when matches are rare.
/// </remarks>
public abstract class OrderedRecordWriter(OrderedChunkWriter writer) : IAggregator, IChunkObserver, IChunkPlanObserver
{
    /// <summary>256 KiB: large writes to the pipe, small enough that a worker's buffer stays in L2.</summary>
    public const int PieceBytes = 256 * 1024;

    /// <summary>100 ms: the longest a matching record waits in a worker's buffer while the worker is busy.</summary>
    public const int MaxDelayMilliseconds = 100;

    private static readonly long s_maxDelayTicks = Stopwatch.Frequency * MaxDelayMilliseconds / 1000;

    private int _input = -1;
    private int _chunk = -1;
    private long _lastPieceTicks;

    /// <summary>The current piece: <see cref="Append"/> writes one whole record to it.</summary>
    protected MemoryStream Piece { get; } = new(PieceBytes + 64 * 1024);

    /// <summary>Writes record <paramref name="r"/> of <paramref name="batch"/> to <see cref="Piece"/>.</summary>
    protected abstract void Append(LogBatch batch, int r, ReadOnlySpan<byte> block);

    /// <inheritdoc/>
    public void ChunksPlanned(IReadOnlyList<int> chunksPerInput) => writer.Plan(chunksPerInput);

    /// <inheritdoc/>
    public void ChunkStarted(int inputIndex, int chunkIndex)
    {
        _input = inputIndex;
        _chunk = chunkIndex;
        Piece.SetLength(0);
        _lastPieceTicks = Stopwatch.GetTimestamp();
    }

    /// <inheritdoc/>
    public void ChunkFinished(int inputIndex, int chunkIndex)
    {
        try
        {
            SendPiece();
        }
        catch (OperationCanceledException)
        {
            // The run is stopping (the pipeline calls this from a finally): the writer already
            // holds the reason, and the pipeline's caller reports it.
            Piece.SetLength(0);
        }
        writer.Complete(inputIndex, chunkIndex);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        // Invariant: r < batch.Count; each record is appended whole to the piece, which is sent
        // once it passes PieceBytes, so the buffer stays below PieceBytes + one record.
        for (var r = 0; r < batch.Count; r++)
        {
            Append(batch, r, block);
            if (Piece.Length >= PieceBytes) SendPiece();
        }
        if (Piece.Length > 0 && Stopwatch.GetTimestamp() - _lastPieceTicks > s_maxDelayTicks) SendPiece();
    }

    /// <inheritdoc/>
    public bool IsApproximate => false;

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        // Nothing to merge: every worker's output already went through the ordered writer.
    }

    private void SendPiece()
    {
        _lastPieceTicks = Stopwatch.GetTimestamp();
        if (Piece.Length == 0) return;
        writer.Write(_input, _chunk, Piece.GetBuffer().AsSpan(0, (int)Piece.Length));
        Piece.SetLength(0);
    }
}
