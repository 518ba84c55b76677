using System.Buffers.Binary;
using System.Diagnostics;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Output.Filter;

namespace FastLog.Output.Parquet;

/// <summary>
/// One worker's half of the Parquet writer: encodes each record it receives (already filtered)
/// into a compact binary form in the current chunk's buffer and hands the buffer to the shared
/// <see cref="OrderedChunkWriter"/>, which puts chunks back into input order before the
/// <see cref="ParquetFileSink"/> decodes the records into row groups.
/// </summary>
/// <remarks>
/// <para>
/// Reusing the ordered writer gives <c>convert</c> and <c>filter --output parquet</c> the same
/// input order, bounded memory and closed-output handling as <c>filter</c>'s text outputs.
/// </para>
/// <para>
/// Encoding of one record (little-endian, private to this pair of classes): the
/// <see cref="Formats.LogFormat"/> as one byte, then per field in the order given: text as an
/// int32 length (-1 null) and the bytes; every other field as an int64
/// (<see cref="LogBatch.NullNumber"/> null; ts in Unix seconds, durations in microseconds,
/// symbols as their code). A record is never split across two pieces.
/// </para>
/// </remarks>
public sealed class ParquetRecordEncoder : IAggregator, IChunkObserver, IChunkPlanObserver
{
    private static readonly long s_maxDelayTicks = Stopwatch.Frequency * FilteredRecordWriter.MaxDelayMilliseconds / 1000;

    private readonly OrderedChunkWriter _writer;
    private readonly LogField[] _fields;
    private readonly MemoryStream _piece = new(FilteredRecordWriter.PieceBytes + 64 * 1024);
    private int _input = -1;
    private int _chunk = -1;
    private long _lastPieceTicks;

    /// <summary>Creates one worker's encoder of <paramref name="fields"/> writing to <paramref name="writer"/>.</summary>
    public ParquetRecordEncoder(OrderedChunkWriter writer, IReadOnlyList<LogField> fields)
    {
        _writer = writer;
        _fields = [.. fields];
    }

    /// <inheritdoc/>
    public void ChunksPlanned(IReadOnlyList<int> chunksPerInput) => _writer.Plan(chunksPerInput);

    /// <inheritdoc/>
    public void ChunkStarted(int inputIndex, int chunkIndex)
    {
        _input = inputIndex;
        _chunk = chunkIndex;
        _piece.SetLength(0);
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
            // The run is stopping; the ordered writer holds the reason.
            _piece.SetLength(0);
        }
        _writer.Complete(inputIndex, chunkIndex);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        Span<byte> number = stackalloc byte[8];
        var hasStatus = batch.Has(LogField.Status);
        // Invariant: r < batch.Count; each record is appended whole, and the piece is sent once
        // it passes PieceBytes, so the buffer stays below PieceBytes + one record.
        for (var r = 0; r < batch.Count; r++)
        {
            _piece.WriteByte((byte)batch.Format);
            foreach (var field in _fields)
            {
                if (batch.TextColumn(field) is { } text)
                {
                    var range = text[r];
                    BinaryPrimitives.WriteInt32LittleEndian(number, range.IsNull ? -1 : range.Length);
                    _piece.Write(number[..4]);
                    if (!range.IsNull) _piece.Write(range.Slice(block));
                    continue;
                }
                BinaryPrimitives.WriteInt64LittleEndian(number, NumberOf(field, batch, r, hasStatus));
                _piece.Write(number);
            }
            if (_piece.Length >= FilteredRecordWriter.PieceBytes) SendPiece();
        }
        if (_piece.Length > 0 && Stopwatch.GetTimestamp() - _lastPieceTicks > s_maxDelayTicks) SendPiece();
    }

    /// <summary>The value of a non-text field, <see cref="LogBatch.NullNumber"/> when absent (bytes and request time use -1 in the batch).</summary>
    private static long NumberOf(LogField field, LogBatch batch, int r, bool hasStatus)
    {
        if (field == LogField.Status) return hasStatus && batch.Status[r] > 0 ? batch.Status[r] : LogBatch.NullNumber;
        if (batch.NumberColumn(field) is not { } column) return LogBatch.NullNumber;
        var value = column[r];
        return value < 0 && field is LogField.Bytes or LogField.RequestTime ? LogBatch.NullNumber : value;
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        // Nothing to merge: every worker's records already went through the ordered writer.
    }

    private void SendPiece()
    {
        _lastPieceTicks = Stopwatch.GetTimestamp();
        if (_piece.Length == 0) return;
        _writer.Write(_input, _chunk, _piece.GetBuffer().AsSpan(0, (int)_piece.Length));
        _piece.SetLength(0);
    }
}
