using System.Buffers.Binary;

namespace FastLog.Partials;

/// <summary>
/// Reads what <see cref="PartialWriter"/> wrote. Every read is bounds-checked: a truncated or
/// altered payload ends in <see cref="InvalidDataException"/>, never in an out-of-range index,
/// a huge allocation or a loop that does not end.
/// </summary>
public sealed class PartialReader
{
    private readonly byte[] _data;
    private int _position;

    /// <summary>
    /// This partial's input index → the index of the same input in the merged run (merge lists
    /// inputs in path order); null: the indices stay. States that name inputs (evidence lines,
    /// login positions) read theirs through <see cref="MapInput"/>.
    /// </summary>
    public int[]? InputMap { get; init; }

    /// <summary>The merged run's index of this partial's input <paramref name="index"/>.</summary>
    public int MapInput(int index)
    {
        if (InputMap is null) return index;
        if ((uint)index >= (uint)InputMap.Length) throw new InvalidDataException($"corrupt partial: input {index} of {InputMap.Length}");
        return InputMap[index];
    }

    /// <summary>
    /// Per input of this partial, the lines before it in the merged run's input (a shard's lines
    /// are numbered from its first; <c>--shard</c>); null: none. Evidence lines read theirs through <see cref="LineBase"/>.
    /// </summary>
    public long[]? LineBases { get; init; }

    /// <summary>The lines to add to a line number of this partial's input <paramref name="index"/> (checked by <see cref="MapInput"/>).</summary>
    public long LineBase(int index) => LineBases is { } bases && (uint)index < (uint)bases.Length ? bases[index] : 0;

    /// <summary>Reads <paramref name="data"/> from its start.</summary>
    public PartialReader(byte[] data) => _data = data;

    /// <summary>Bytes not read yet: an upper bound for any element count (every element takes at least one byte).</summary>
    public int Remaining => _data.Length - _position;

    /// <summary>True when every byte was read.</summary>
    public bool AtEnd => _position == _data.Length;

    /// <summary>Reads a varint.</summary>
    public ulong ReadUInt()
    {
        ulong value = 0;
        // Invariant: value holds the 7·shift/7 low bits read so far; at most 10 bytes make a 64-bit value.
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length) throw Truncated();
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("corrupt partial: a number is longer than 10 bytes");
    }

    /// <summary>Reads a zigzag-encoded signed value.</summary>
    public long ReadInt()
    {
        var raw = ReadUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a non-negative count that must not exceed <paramref name="max"/> (a table size, a length).</summary>
    public int ReadCount(int max)
    {
        var value = ReadUInt();
        if (max < 0 || value > (ulong)max) throw new InvalidDataException($"corrupt partial: a count of {value} exceeds its limit {max}");
        return (int)value;
    }

    /// <summary>Reads a boolean.</summary>
    public bool ReadBool() => ReadCount(1) == 1;

    /// <summary>Reads a 128-bit value.</summary>
    public Int128 ReadInt128()
    {
        var high = ReadUInt();
        var low = ReadUInt();
        return (Int128)new UInt128(high, low);
    }

    /// <summary>Reads a double.</summary>
    public double ReadDouble() => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(Take(8)));

    /// <summary>Reads a length-prefixed byte string (a view into the payload).</summary>
    public ReadOnlySpan<byte> ReadBytes() => Take(ReadCount(_data.Length - _position));

    /// <summary>Reads a string written by <see cref="PartialWriter.WriteString"/>.</summary>
    public string? ReadString()
    {
        var flagged = ReadCount(_data.Length - _position + 1);
        return flagged == 0 ? null : System.Text.Encoding.UTF8.GetString(Take(flagged - 1));
    }

    /// <summary>Reads <paramref name="length"/> bytes written with no length.</summary>
    public ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > _data.Length - _position) throw Truncated();
        var span = _data.AsSpan(_position, length);
        _position += length;
        return span;
    }

    /// <summary>Reads counts written by <see cref="PartialWriter.WriteCounts"/>; their number must be the length of <paramref name="into"/>.</summary>
    public void ReadCounts(Span<long> into)
    {
        var n = ReadCount(_data.Length - _position);
        if (n != into.Length) throw new InvalidDataException($"corrupt partial: {n} counters where {into.Length} were expected");
        for (var i = 0; i < n; i++) into[i] = ReadInt();
    }

    /// <summary>Fails unless every byte was read (trailing bytes mean a different layout).</summary>
    public void ExpectEnd()
    {
        if (!AtEnd) throw new InvalidDataException($"corrupt partial: {_data.Length - _position} unexpected bytes after the state");
    }

    /// <summary>Reads what <see cref="PartialWriter.WriteInOrder"/> wrote into a new array of <paramref name="capacity"/> (the table's id capacity).</summary>
    public long[] ReadPerId(int capacity)
    {
        var n = ReadCount(capacity);
        var values = new long[Math.Max(capacity, 1)];
        for (var i = 0; i < n; i++) values[i] = ReadInt();
        return values;
    }

    private static InvalidDataException Truncated() => new("corrupt partial: the state ends early");
}
