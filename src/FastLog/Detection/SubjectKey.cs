using System.Buffers.Binary;
using FastLog.Columns;

namespace FastLog.Detection;

/// <summary>
/// Byte keys made of several log values (host, source address, user …): each value is written as
/// a 4-byte little-endian length (-1 for an absent value) and its bytes. Length prefixes keep the
/// parts apart whatever bytes they hold (NUL and separators are data, docs/reliability.md R5), so
/// two different tuples never share a key and tables merge by key bytes.
/// </summary>
internal static class SubjectKey
{
    /// <summary>Appends <paramref name="field"/> (null when absent) to <paramref name="key"/> at <paramref name="length"/>, growing it.</summary>
    public static void Append(ref byte[] key, ref int length, ByteRange field, ReadOnlySpan<byte> block)
        => Append(ref key, ref length, field.IsNull, field.IsNull ? default : field.Slice(block));

    /// <summary>Appends a value, or an absent one when <paramref name="absent"/>.</summary>
    public static void Append(ref byte[] key, ref int length, bool absent, ReadOnlySpan<byte> value)
    {
        var needed = length + 4 + value.Length;
        if (key.Length < needed) Array.Resize(ref key, Math.Max(needed, key.Length * 2));
        BinaryPrimitives.WriteInt32LittleEndian(key.AsSpan(length), absent ? -1 : value.Length);
        value.CopyTo(key.AsSpan(length + 4));
        length = needed;
    }

    /// <summary>Reads the value at <paramref name="position"/> (null when absent) and moves past it.</summary>
    public static byte[]? Read(ReadOnlySpan<byte> key, ref int position)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(key[position..]);
        position += 4;
        if (length < 0) return null;
        var value = key.Slice(position, length).ToArray();
        position += length;
        return value;
    }
}
