using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Vec = System.Runtime.Intrinsics.Vector256;
using VecU8 = System.Runtime.Intrinsics.Vector256<byte>;

namespace FastLog.Scanning;

/// <summary><see cref="IJsonBlockClassifier"/> on 256-bit AVX2 vectors: 64 bytes as two vectors.</summary>
/// <remarks>
/// Guarded by <c>Avx2.IsSupported</c>, as <see cref="StructuralScannerVector256"/>: the native
/// binary is built with <c>IlcInstructionSet=avx</c>, where AVX2 is a run-time check.
/// </remarks>
public readonly struct JsonBlockClassifierVector256 : IJsonBlockClassifier
{
    /// <inheritdoc/>
    public static string Name => "v256";

    /// <summary>True when this CPU has AVX2.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Classify(ref byte block, out JsonBlockMasks masks)
    {
        if (!Avx2.IsSupported)
        {
            JsonBlockClassifierVector128.Classify(ref block, out masks);
            return;
        }
        masks = default;
        // Two vectors, lowest bytes first: vector j fills bits [32j, 32j + 32) of every mask.
        Lane(Vec.LoadUnsafe(ref block, 0), 0, ref masks);
        Lane(Vec.LoadUnsafe(ref block, 32), 32, ref masks);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lane(VecU8 v, int shift, ref JsonBlockMasks masks)
    {
        // '{' | 0x20 == '{' and '[' | 0x20 == '{' (likewise '}' and ']'), and no other byte maps
        // to either: one OR folds the four brackets into two compares.
        var folded = Avx2.Or(v, Vec.Create((byte)0x20));
        var op = Avx2.Or(Avx2.Or(Avx2.CompareEqual(folded, Vec.Create(ByteSets.OpenBrace)), Avx2.CompareEqual(folded, Vec.Create(ByteSets.CloseBrace))),
            Avx2.Or(Avx2.CompareEqual(v, Vec.Create(ByteSets.Colon)), Avx2.CompareEqual(v, Vec.Create(ByteSets.Comma))));
        var lf = Avx2.CompareEqual(v, Vec.Create(ByteSets.Lf));
        var ws = Avx2.Or(Avx2.Or(Avx2.CompareEqual(v, Vec.Create(ByteSets.Space)), Avx2.CompareEqual(v, Vec.Create(ByteSets.Tab))),
            Avx2.Or(lf, Avx2.CompareEqual(v, Vec.Create(ByteSets.Cr))));
        // Unsigned v < 0x20 as min(v, 0x1F) == v (AVX2 has no unsigned byte compare).
        var control = Avx2.CompareEqual(Avx2.Min(v, Vec.Create((byte)(ByteSets.FirstPrintable - 1))), v);
        masks.Quote |= (ulong)(uint)Avx2.MoveMask(Avx2.CompareEqual(v, Vec.Create(ByteSets.Quote))) << shift;
        masks.Backslash |= (ulong)(uint)Avx2.MoveMask(Avx2.CompareEqual(v, Vec.Create(ByteSets.Backslash))) << shift;
        masks.Operator |= (ulong)(uint)Avx2.MoveMask(op) << shift;
        masks.Whitespace |= (ulong)(uint)Avx2.MoveMask(ws) << shift;
        masks.Control |= (ulong)(uint)Avx2.MoveMask(control) << shift;
        masks.LineFeed |= (ulong)(uint)Avx2.MoveMask(lf) << shift;
    }
}
