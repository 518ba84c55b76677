using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// As <see cref="Decode"/>, for dense masks (JSON has a structural byte every few bytes):
    /// writes eight entries, or sixteen, whatever the mask holds, so the loop exit is one
    /// predictable branch per eight bits instead of a mispredicted one per mask (simdjson's
    /// flatten). Entries past the returned count are garbage.
    /// </summary>
    /// <remarks>
    /// Invariant: the caller guarantees room for <c>PopCount(mask) + </c><see cref="UnrolledSlack"/>
    /// more entries. Loop bound: one iteration per set bit past the sixteenth.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DecodeUnrolled(ulong mask, int baseOffset, ref int positions, int count)
    {
        if (mask == 0) return count;
        if (Bmi1.X64.IsSupported) return DecodeUnrolledBmi1(mask, baseOffset, ref positions, count);
        var n = BitOperations.PopCount(mask);
        ref var p = ref Unsafe.Add(ref positions, count);
        // TrailingZeroCount(0) is 64: the garbage entries stay within the slack.
        WriteEight(ref p, 0, baseOffset, ref mask);
        if (n > 8)
        {
            WriteEight(ref p, 8, baseOffset, ref mask);
            WriteRest(ref p, 16, baseOffset, mask);
        }
        return count + n;
    }

    /// <summary>
    /// As <see cref="DecodeUnrolled"/>, for sparse masks (log lines: a mask of 64 bytes holds a
    /// few quotes and LFs, or none): always writes eight entries, with no branch on an empty mask
    /// (half of them are, unpredictably), then one per set bit past the eighth.
    /// </summary>
    /// <remarks>
    /// Invariant: the caller guarantees room for <c>Max(8, PopCount(mask))</c> more entries.
    /// Loop bound: one iteration per set bit past the eighth.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DecodeSparse(ulong mask, int baseOffset, ref int positions, int count)
    {
        var n = BitOperations.PopCount(mask);
        ref var p = ref Unsafe.Add(ref positions, count);
        // TrailingZeroCount(0) is 64: the entries past the n-th are garbage within the eight.
        if (Bmi1.X64.IsSupported)
        {
            // TZCNT and BLSR: without BMI1 in the baseline each slot below is BSF behind a test
            // for zero, and which slot runs out is data (see DecodeUnrolledBmi1).
            RestBmi1(ref p, 8, baseOffset, EightBmi1(mask, baseOffset, ref p));
            return count + n;
        }
        WriteEight(ref p, 0, baseOffset, ref mask);
        WriteRest(ref p, 8, baseOffset, mask);
        return count + n;
    }

    /// <summary>
    /// Writes <c>baseOffset + i</c> for the eight lowest set bits <c>i</c> of <paramref name="mask"/>
    /// at <c>p[at]</c> onward (<c>baseOffset + 64</c> for each bit it lacks) and clears them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteEight(ref int p, int at, int baseOffset, ref ulong mask)
    {
        for (var k = at; k < at + 8; k++)
        {
            Unsafe.Add(ref p, k) = baseOffset + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }
    }

    /// <summary>Writes <c>baseOffset + i</c> for every set bit <c>i</c> of <paramref name="mask"/>, lowest first, at <c>p[at]</c> onward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRest(ref int p, int at, int baseOffset, ulong mask)
    {
        // Loop bound: one iteration per set bit.
        for (var k = at; mask != 0; k++)
        {
            Unsafe.Add(ref p, k) = baseOffset + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }
    }

    /// <summary>
    /// <see cref="DecodeUnrolled"/> with TZCNT and BLSR: the native binary's
    /// baseline has no BMI1, so <see cref="BitOperations.TrailingZeroCount(ulong)"/> compiles to
    /// BSF behind a test for zero, a branch the decoder mispredicts on most masks (which of its
    /// slots runs out is data). BMI1 is a run-time check, made once per mask here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeUnrolledBmi1(ulong mask, int baseOffset, ref int positions, int count)
    {
        var n = BitOperations.PopCount(mask);
        ref var p = ref Unsafe.Add(ref positions, count);
        // TZCNT of 0 is 64: the garbage entries stay within the slack.
        mask = EightBmi1(mask, baseOffset, ref p);
        if (n > 8)
        {
            RestBmi1(ref p, 16, baseOffset, EightBmi1(mask, baseOffset, ref Unsafe.Add(ref p, 8)));
        }
        return count + n;
    }

    /// <summary>Writes the offsets of the eight lowest set bits of <paramref name="mask"/> (64 for missing ones) at <paramref name="p"/>; returns the mask without them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightBmi1(ulong mask, int baseOffset, ref int p)
    {
        // Unrolled by hand: the JIT keeps a counted loop rolled, and its counter and exit branch
        // cost as much as the slot itself.
        p = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        mask = Bmi1.X64.ResetLowestSetBit(mask);
        Unsafe.Add(ref p, 1) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        mask = Bmi1.X64.ResetLowestSetBit(mask);
        Unsafe.Add(ref p, 2) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        mask = Bmi1.X64.ResetLowestSetBit(mask);
        Unsafe.Add(ref p, 3) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        mask = Bmi1.X64.ResetLowestSetBit(mask);
        Unsafe.Add(ref p, 4) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        mask = Bmi1.X64.ResetLowestSetBit(mask);
        Unsafe.Add(ref p, 5) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        mask = Bmi1.X64.ResetLowestSetBit(mask);
        Unsafe.Add(ref p, 6) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        mask = Bmi1.X64.ResetLowestSetBit(mask);
        Unsafe.Add(ref p, 7) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
        return Bmi1.X64.ResetLowestSetBit(mask);
    }

    /// <summary><see cref="WriteRest"/> with TZCNT and BLSR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RestBmi1(ref int p, int at, int baseOffset, ulong mask)
    {
        // Invariant: entries [at, k) are written; one iteration per set bit.
        for (var k = at; mask != 0; k++)
        {
            Unsafe.Add(ref p, k) = baseOffset + (int)Bmi1.X64.TrailingZeroCount(mask);
            mask = Bmi1.X64.ResetLowestSetBit(mask);
        }
    }

    /// <summary>Entries <see cref="DecodeUnrolled"/> may write past the last real one.</summary>
    public const int UnrolledSlack = 8;
}
