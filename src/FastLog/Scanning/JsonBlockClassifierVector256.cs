using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

    private static VecU8 WhitespaceTable
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var half = Vector128.Create(ByteSets.Space, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, ByteSets.Tab, ByteSets.Lf, 0xFF, 0xFF, ByteSets.Cr, 0xFF, 0xFF);
            return Vec.Create(half, half);
        }
    }

    private static VecU8 OperatorTable
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var half = Vector128.Create(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ByteSets.Colon, ByteSets.OpenBrace, ByteSets.Comma, ByteSets.CloseBrace, 0, (byte)0);
            return Vec.Create(half, half);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lane(VecU8 v, int shift, ref JsonBlockMasks masks)
    {
        // Operators and whitespace by table (simdjson's classifier): VPSHUFB looks up each byte's
        // low nibble in a 16-byte table (a byte with its high bit set gets 0), and a byte is in
        // the class when it equals its entry, the class's one byte with that nibble.
        // Whitespace: ' ' 0x20, '\t' 0x09, '\n' 0x0A, '\r' 0x0D; 0xFF elsewhere matches no byte
        // that looks it up (those are below 0x80).
        var ws = Avx2.CompareEqual(Avx2.Shuffle(WhitespaceTable, v), v);
        // Operators, compared with the byte | 0x20, which folds '[' into '{' and ']' into '}':
        // ':' 0x3A, '{' 0x7B, ',' 0x2C, '}' 0x7D by nibble, 0 elsewhere (no byte | 0x20 is 0).
        // The fold also lets 0x1A pass for ':' and 0x0C for ',', both control bytes, taken out.
        var control = Avx2.CompareEqual(Avx2.Min(v, Vec.Create((byte)(ByteSets.FirstPrintable - 1))), v);
        var op = Avx2.AndNot(control, Avx2.CompareEqual(Avx2.Shuffle(OperatorTable, v), Avx2.Or(v, Vec.Create((byte)0x20))));
        // (Unsigned v < 0x20 above is min(v, 0x1F) == v: AVX2 has no unsigned byte compare.)
        masks.Quote |= (ulong)(uint)Avx2.MoveMask(Avx2.CompareEqual(v, Vec.Create(ByteSets.Quote))) << shift;
        masks.Backslash |= (ulong)(uint)Avx2.MoveMask(Avx2.CompareEqual(v, Vec.Create(ByteSets.Backslash))) << shift;
        masks.Operator |= (ulong)(uint)Avx2.MoveMask(op) << shift;
        masks.Whitespace |= (ulong)(uint)Avx2.MoveMask(ws) << shift;
        masks.Control |= (ulong)(uint)Avx2.MoveMask(control) << shift;
    }
}
