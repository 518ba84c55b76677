using System.Numerics;
using System.Runtime.CompilerServices;

namespace FastLog.Scanning;

/// <summary>
/// Turns a bit mask of structural bytes into ascending offsets. Shared by every SIMD scanner,
/// so only loading and comparing differ per ISA.
/// </summary>
internal static class MaskDecoder
{
    /// <summary>
    /// Appends <c>baseOffset + i</c> for every set bit <c>i</c> of <paramref name="mask"/>,
    /// lowest bit first, at <c>positions[count]</c> onward; returns the new count.
    /// </summary>
    /// <remarks>
    /// Invariant: the caller guarantees room for <c>PopCount(mask)</c> more entries (the
    /// positions span holds one entry per input byte). Loop bound: one iteration per set bit.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Decode(ulong mask, int baseOffset, ref int positions, int count)
    {
        while (mask != 0)
        {
            Unsafe.Add(ref positions, count++) = baseOffset + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }
        return count;
    }
}
