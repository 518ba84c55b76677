using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FastLog.Scanning;

/// <summary>The reference scanner: one byte at a time. It is the specification the SIMD scanners are tested against.</summary>
public readonly struct StructuralScannerScalar : IStructuralScanner
{
    /// <inheritdoc/>
    public static string Name => "scalar";

    /// <summary>Scans for line feeds, spaces and quotes (<see cref="SpaceQuoteLineFeedSet"/>).</summary>
    public static int Scan(ReadOnlySpan<byte> block, Span<int> positions) => Scan<SpaceQuoteLineFeedSet>(block, positions);

    /// <inheritdoc/>
    public static int Scan<TSet>(ReadOnlySpan<byte> block, Span<int> positions) where TSet : struct, IStructuralSet
        => Scan<TSet>(block, positions, out _);

    /// <inheritdoc/>
    public static int Scan<TSet>(ReadOnlySpan<byte> block, Span<int> positions, out bool hasNul) where TSet : struct, IStructuralSet
    {
        if (positions.Length < block.Length)
            throw new ArgumentException("positions must hold one entry per byte", nameof(positions));
        var smallest = byte.MaxValue;
        var count = ScanRange<TSet>(ref MemoryMarshal.GetReference(block), 0, block.Length, ref MemoryMarshal.GetReference(positions), 0, ref smallest);
        hasNul = smallest == 0;
        return count;
    }

    /// <summary>
    /// Appends the offsets of the structural bytes in <c>[start, end)</c> of <paramref name="src"/>
    /// at <c>positions[count]</c> onward and returns the new count, and lowers
    /// <paramref name="smallest"/> to the smallest byte seen (0: a NUL). The SIMD scanners finish
    /// their tail (fewer bytes than one step) with it. Use only with <c>end</c> within the block
    /// and room for <c>end - start</c> more positions: nothing is bounds-checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ScanRange<TSet>(ref byte src, int start, int end, ref int positions, int count, ref byte smallest) where TSet : struct, IStructuralSet
    {
        // Invariant: count <= i, so positions[count] is within the caller's one-per-byte room;
        // smallest is the minimum of [start, i) and the value passed in.
        for (var i = start; i < end; i++)
        {
            var b = Unsafe.Add(ref src, i);
            if (b < smallest) smallest = b;
            if (b == TSet.A || b == TSet.B || b == TSet.C)
                Unsafe.Add(ref positions, count++) = i;
        }
        return count;
    }
}
