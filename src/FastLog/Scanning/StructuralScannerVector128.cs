using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vec = System.Runtime.Intrinsics.Vector128;
using VecU8 = System.Runtime.Intrinsics.Vector128<byte>;

namespace FastLog.Scanning;

/// <summary>Structural scanner on 128-bit vectors (SSE2 on x64, AdvSimd on Arm64): 64 bytes per step as four vectors.</summary>
public readonly struct StructuralScannerVector128 : IStructuralScanner
{
    /// <inheritdoc/>
    public static string Name => "v128";

    /// <summary>True when this CPU runs the 128-bit paths in hardware.</summary>
    public static bool IsSupported => Vec.IsHardwareAccelerated;

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
        ref var src = ref MemoryMarshal.GetReference(block);
        ref var dst = ref MemoryMarshal.GetReference(positions);
        var a = Vec.Create(TSet.A);
        var b = Vec.Create(TSet.B);
        var c = Vec.Create(TSet.C);
        // The running byte-wise minimum of every load: a NUL anywhere makes one of its lanes 0.
        // Two unsigned mins per step, no compare, no branch (a NUL is rare; the check is once per block).
        var smallest = Vec.Create(byte.MaxValue);
        var count = 0;
        var i = 0;
        // Invariant: [0, i) is scanned and folded into smallest; i + 64 <= block.Length inside
        // the loop, so every load is within the block. The tail (< 64 bytes) goes to the scalar loop below.
        for (; i + 64 <= block.Length; i += 64)
        {
            var v0 = Vec.LoadUnsafe(ref src, (nuint)i);
            var v1 = Vec.LoadUnsafe(ref src, (nuint)(i + 16));
            var v2 = Vec.LoadUnsafe(ref src, (nuint)(i + 32));
            var v3 = Vec.LoadUnsafe(ref src, (nuint)(i + 48));
            smallest = Vec.Min(smallest, Vec.Min(Vec.Min(v0, v1), Vec.Min(v2, v3)));
            var m0 = Classify(v0, a, b, c);
            var m1 = Classify(v1, a, b, c);
            var m2 = Classify(v2, a, b, c);
            var m3 = Classify(v3, a, b, c);
            var mask = m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
            // Sparse decode: a log line's mask holds a few bits or none, whose count a loop's
            // exit would mispredict. Its eight entries fit: positions hold one entry per byte,
            // so at least block.Length - i >= 64 entries are free here.
            count = MaskDecoder.DecodeSparse(mask, i, ref dst, count);
        }
        var tailSmallest = byte.MaxValue;
        count = StructuralScannerScalar.ScanRange<TSet>(ref src, i, block.Length, ref dst, count, ref tailSmallest);
        hasNul = tailSmallest == 0 || Vec.EqualsAny(smallest, VecU8.Zero);
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Classify(VecU8 v, VecU8 a, VecU8 b, VecU8 c)
        => Vec.ExtractMostSignificantBits(Vec.Equals(v, a) | Vec.Equals(v, b) | Vec.Equals(v, c));
}
