using System.Runtime.CompilerServices;

namespace FastLog.Generation;

/// <summary>
/// An immutable <see cref="Utf8StringPool"/>: string <c>i</c> is <c>bytes[offsets[i]..offsets[i + 1]]</c>
/// (the strings were appended in index order, so each ends where the next begins).
/// </summary>
internal sealed class FrozenUtf8Strings(byte[] bytes, int[] offsets, int maxLength)
{
    /// <summary>Number of strings.</summary>
    public int Count => offsets.Length - 1;

    /// <summary>Longest string, in bytes.</summary>
    public int MaxLength => maxLength;

    /// <summary>The bytes of string <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var start = offsets[index];
            return bytes.AsSpan(start, offsets[index + 1] - start);
        }
    }
}
