using System.Buffers;
using System.Buffers.Binary;

namespace FastLog.Partials;

/// <summary>
/// Appends the primitives of the partial format to a growing buffer: unsigned integers as LEB128
/// varints, signed ones zigzag-encoded first, byte strings length-prefixed. No reflection: each
/// aggregator writes its own fields in a fixed order and reads them back in the same order.
/// </summary>
public sealed class PartialWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);

    /// <summary>
    /// The run's first line number of each chunk, per input (the run summary's <c>ChunkFirstLines</c>):
    /// evidence lines are written with their line number in the input, not in their chunk, so a
    /// merge that knows nothing of the chunks can print them. Null: written as they are.
    /// </summary>
    public IReadOnlyList<long[]>? ChunkFirstLines { get; init; }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Writes <paramref name="value"/> as a varint (1 byte below 128, at most 10).</summary>
    public void WriteUInt(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var n = 0;
        // Invariant: span[0, n) holds the low 7·n bits of the original value, each byte flagged as continued.
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        _buffer.Advance(n);
    }

    /// <summary>Writes a signed value (zigzag: small magnitudes stay short whatever the sign).</summary>
    public void WriteInt(long value) => WriteUInt((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes a boolean as one byte.</summary>
    public void WriteBool(bool value) => WriteUInt(value ? 1UL : 0UL);

    /// <summary>Writes a 128-bit signed value (sums) as two words.</summary>
    public void WriteInt128(Int128 value)
    {
        WriteUInt((ulong)(value >> 64));
        WriteUInt((ulong)value);
    }

    /// <summary>Writes a double by its bits (exact round trip).</summary>
    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), BitConverter.DoubleToInt64Bits(value));
        _buffer.Advance(8);
    }

    /// <summary>Writes a length-prefixed byte string.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteUInt((ulong)bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>Writes a length-prefixed UTF-8 string (null is written as the empty flag 0, others as length + 1).</summary>
    public void WriteString(string? text)
    {
        if (text is null)
        {
            WriteUInt(0);
            return;
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        WriteUInt((ulong)bytes.Length + 1);
        WriteRaw(bytes);
    }

    /// <summary>Writes bytes with no length (fixed-size blocks such as sketch registers).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    /// <summary>Writes counts as varints after their length; a run of zeros costs one byte each.</summary>
    public void WriteCounts(ReadOnlySpan<long> counts)
    {
        WriteUInt((ulong)counts.Length);
        foreach (var c in counts) WriteInt(c);
    }

    /// <summary>Writes <paramref name="perId"/>[id] for each id of <paramref name="order"/> (a table's write order; 0 past the array's end, where nothing was counted yet).</summary>
    public void WriteInOrder(long[] perId, int[] order)
    {
        WriteUInt((ulong)order.Length);
        foreach (var id in order) WriteInt(id < perId.Length ? perId[id] : 0);
    }
}
