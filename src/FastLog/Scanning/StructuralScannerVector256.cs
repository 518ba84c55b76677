using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector256;
using VecU8 = System.Runtime.Intrinsics.Vector256<byte>;

namespace FastLog.Scanning;

/// <summary>Structural scanner on 256-bit AVX2 vectors: 64 bytes per step as two vectors.</summary>
/// <remarks>
/// Guarded by <c>Avx2.IsSupported</c>, not <c>Vector256.IsHardwareAccelerated</c>: the native
/// binary is built with <c>IlcInstructionSet=avx</c>, where AVX2 is a run-time check but
/// <c>Vector256.IsHardwareAccelerated</c> stays false at compile time.
/// </remarks>
public readonly struct StructuralScannerVector256 : IStructuralScanner
{
    /// <inheritdoc/>
    public static string Name => "v256";

    /// <summary>True when this CPU has AVX2.</summary>
    public static bool IsSupported => Avx2.IsSupported;

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
        if (!Avx2.IsSupported)
            return StructuralScannerVector128.Scan<TSet>(block, positions, out hasNul);
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
            var v1 = Vec.LoadUnsafe(ref src, (nuint)(i + 32));
            smallest = Avx2.Min(smallest, Avx2.Min(v0, v1));
            var m0 = Classify(v0, a, b, c);
            var m1 = Classify(v1, a, b, c);
            var mask = m0 | (m1 << 32);
            // Sparse decode: a log line's mask holds a few bits or none, whose count a loop's
            // exit would mispredict. Its eight entries fit: positions hold one entry per byte,
            // so at least block.Length - i >= 64 entries are free here.
            count = MaskDecoder.DecodeSparse(mask, i, ref dst, count);
        }
        var tailSmallest = byte.MaxValue;
        count = StructuralScannerScalar.ScanRange<TSet>(ref src, i, block.Length, ref dst, count, ref tailSmallest);
        hasNul = tailSmallest == 0 || Avx2.MoveMask(Avx2.CompareEqual(smallest, VecU8.Zero)) != 0;
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Classify(VecU8 v, VecU8 a, VecU8 b, VecU8 c)
        => (uint)Avx2.MoveMask(Avx2.Or(Avx2.Or(Avx2.CompareEqual(v, a), Avx2.CompareEqual(v, b)), Avx2.CompareEqual(v, c)));
}
