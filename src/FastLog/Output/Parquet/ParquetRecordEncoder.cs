using System.Buffers.Binary;
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
/// <see cref="LogFormat"/> as one byte, then per field in the order given: text as an
/// int32 length (-1 null) and the bytes; every other field as an int64
/// (<see cref="LogBatch.NullNumber"/> null; ts in Unix seconds, then an int32 of its
/// microseconds within the second; durations in microseconds, symbols as their code). A record is never split across two pieces.
/// </para>
/// </remarks>
public sealed class ParquetRecordEncoder : OrderedRecordWriter
{
    private readonly LogField[] _fields;

    /// <summary>Creates one worker's encoder of <paramref name="fields"/> writing to <paramref name="writer"/>.</summary>
    public ParquetRecordEncoder(OrderedChunkWriter writer, IReadOnlyList<LogField> fields)
        : base(writer)
    {
        _fields = [.. fields];
    }

    /// <inheritdoc/>
    protected override void Append(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        Span<byte> number = stackalloc byte[8];
        Piece.WriteByte((byte)batch.Format);
        foreach (var field in _fields)
        {
            if (batch.TextColumn(field) is { } text)
            {
                var range = text[r];
                BinaryPrimitives.WriteInt32LittleEndian(number, range.IsNull ? -1 : range.Length);
                Piece.Write(number[..4]);
                if (!range.IsNull) Piece.Write(range.Slice(block));
                continue;
            }
            BinaryPrimitives.WriteInt64LittleEndian(number, batch.NumberOrNull(field, r));
            Piece.Write(number);
            if (FieldNames.Info(field).Kind != FieldKind.Time) continue;
            // ts is followed by its microseconds within the second (Parquet keeps microseconds).
            BinaryPrimitives.WriteInt32LittleEndian(number, batch.Nanoseconds is { } nanos ? nanos[r] / 1000 : 0);
            Piece.Write(number[..4]);
        }
    }

}
