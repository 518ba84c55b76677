using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Aggregation.Views;

/// <summary>
/// A key of two values (user and method, user and command) in one <see cref="SymbolTable"/>:
/// the first value's bytes, the second's, then the first's length as 4 bytes big-endian. The
/// length makes the split unambiguous whatever bytes the values hold (NUL is data, R5); report
/// order is count descending, then these key bytes (so mostly by the first value).
/// </summary>
public sealed class PairKey
{
    private const int LengthBytes = 4;
    private byte[] _scratch = new byte[256];

    /// <summary>
    /// Adds <paramref name="weight"/> to the pair (<paramref name="first"/>, <paramref name="second"/>);
    /// a null first value counts in the table's null count, a null second value as empty.
    /// </summary>
    public void Add(SymbolTable table, ByteRange first, ByteRange second, ReadOnlySpan<byte> block, long weight)
    {
        if (first.IsNull)
        {
            table.NullCount += weight;
            return;
        }
        var a = first.Slice(block);
        var b = second.Slice(block);
        var length = a.Length + b.Length + LengthBytes;
        if (_scratch.Length < length) _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        a.CopyTo(_scratch);
        b.CopyTo(_scratch.AsSpan(a.Length));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(_scratch.AsSpan(a.Length + b.Length), a.Length);
        table.Add(_scratch.AsSpan(0, length), weight);
    }

    /// <summary>Splits a key written by <see cref="Add"/> into its two values.</summary>
    public static void Split(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> first, out ReadOnlySpan<byte> second)
    {
        var firstLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(key[^LengthBytes..]);
        first = key[..firstLength];
        second = key[firstLength..^LengthBytes];
    }
}
