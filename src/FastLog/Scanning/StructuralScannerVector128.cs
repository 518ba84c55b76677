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
    {
        if (positions.Length < block.Length)
            throw new ArgumentException("positions must hold one entry per byte", nameof(positions));
        ref var src = ref MemoryMarshal.GetReference(block);
        ref var dst = ref MemoryMarshal.GetReference(positions);
        var a = Vec.Create(TSet.A);
        var b = Vec.Create(TSet.B);
        var c = Vec.Create(TSet.C);
        var count = 0;
        var i = 0;
        // Invariant: [0, i) is scanned; i + 64 <= block.Length inside the loop, so every load is
        // within the block. The tail (< 64 bytes) goes to the scalar loop below.
        for (; i + 64 <= block.Length; i += 64)
        {
            var m0 = Classify(Vec.LoadUnsafe(ref src, (nuint)i), a, b, c);
            var m1 = Classify(Vec.LoadUnsafe(ref src, (nuint)(i + 16)), a, b, c);
            var m2 = Classify(Vec.LoadUnsafe(ref src, (nuint)(i + 32)), a, b, c);
            var m3 = Classify(Vec.LoadUnsafe(ref src, (nuint)(i + 48)), a, b, c);
            var mask = m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
            if (mask != 0)
                count = MaskDecoder.Decode(mask, i, ref dst, count);
        }
        return StructuralScannerScalar.ScanRange<TSet>(ref src, i, block.Length, ref dst, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Classify(VecU8 v, VecU8 a, VecU8 b, VecU8 c)
        => Vec.ExtractMostSignificantBits(Vec.Equals(v, a) | Vec.Equals(v, b) | Vec.Equals(v, c));
}
