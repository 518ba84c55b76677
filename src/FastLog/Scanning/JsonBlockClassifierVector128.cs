using System.Runtime.CompilerServices;
using Vec = System.Runtime.Intrinsics.Vector128;
using VecU8 = System.Runtime.Intrinsics.Vector128<byte>;

namespace FastLog.Scanning;

/// <summary><see cref="IJsonBlockClassifier"/> on 128-bit vectors (SSE2 on x64, AdvSimd on Arm64): 64 bytes as four vectors.</summary>
public readonly struct JsonBlockClassifierVector128 : IJsonBlockClassifier
{
    /// <inheritdoc/>
    public static string Name => "v128";

    /// <summary>True when this CPU runs the 128-bit paths in hardware.</summary>
    public static bool IsSupported => Vec.IsHardwareAccelerated;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Classify(ref byte block, out JsonBlockMasks masks)
    {
        masks = default;
        // Four vectors, lowest bytes first: vector j fills bits [16j, 16j + 16) of every mask.
        Lane(Vec.LoadUnsafe(ref block, 0), 0, ref masks);
        Lane(Vec.LoadUnsafe(ref block, 16), 16, ref masks);
        Lane(Vec.LoadUnsafe(ref block, 32), 32, ref masks);
        Lane(Vec.LoadUnsafe(ref block, 48), 48, ref masks);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lane(VecU8 v, int shift, ref JsonBlockMasks masks)
    {
        // '{' | 0x20 == '{' and '[' | 0x20 == '{' (likewise '}' and ']'), and no other byte maps
        // to either: one OR folds the four brackets into two compares.
        var folded = v | Vec.Create((byte)0x20);
        var op = Vec.Equals(folded, Vec.Create(ByteSets.OpenBrace)) | Vec.Equals(folded, Vec.Create(ByteSets.CloseBrace))
            | Vec.Equals(v, Vec.Create(ByteSets.Colon)) | Vec.Equals(v, Vec.Create(ByteSets.Comma));
        var ws = Vec.Equals(v, Vec.Create(ByteSets.Space)) | Vec.Equals(v, Vec.Create(ByteSets.Tab))
            | Vec.Equals(v, Vec.Create(ByteSets.Lf)) | Vec.Equals(v, Vec.Create(ByteSets.Cr));
        masks.Quote |= (ulong)Vec.ExtractMostSignificantBits(Vec.Equals(v, Vec.Create(ByteSets.Quote))) << shift;
        masks.Backslash |= (ulong)Vec.ExtractMostSignificantBits(Vec.Equals(v, Vec.Create(ByteSets.Backslash))) << shift;
        masks.Operator |= (ulong)Vec.ExtractMostSignificantBits(op) << shift;
        masks.Whitespace |= (ulong)Vec.ExtractMostSignificantBits(ws) << shift;
        masks.Control |= (ulong)Vec.ExtractMostSignificantBits(Vec.LessThan(v, Vec.Create(ByteSets.FirstPrintable))) << shift;
    }
}
