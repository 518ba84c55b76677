namespace FastLog.Scanning;

/// <summary>
/// Picks the structural scanner once at start: best first, with the reason, and the
/// <c>FASTLOG_SCANNER=scalar|v128|v256</c> override for tests and benchmarks.
/// </summary>
public static class ScannerFactory
{
    /// <summary>Environment variable that forces a scanner.</summary>
    public const string OverrideVariable = "FASTLOG_SCANNER";

    /// <summary>Every scanner this CPU can run, scalar first.</summary>
    public static IReadOnlyList<ScannerKind> Available
    {
        get
        {
            var list = new List<ScannerKind> { ScannerKind.Scalar };
            if (StructuralScannerVector128.IsSupported) list.Add(ScannerKind.Vector128);
            if (StructuralScannerVector256.IsSupported) list.Add(ScannerKind.Vector256);
            return list;
        }
    }

    /// <summary>The best scanner for this CPU, unless <paramref name="forced"/> names one.</summary>
    /// <exception cref="ArgumentException">The forced name is unknown or this CPU cannot run it.</exception>
    public static ScannerKind Choose(string? forced)
    {
        if (!string.IsNullOrEmpty(forced))
        {
            var kind = Parse(forced) ?? throw new ArgumentException($"{OverrideVariable}: unknown scanner '{forced}' (expected scalar, v128 or v256)");
            if (!Available.Contains(kind))
                throw new ArgumentException($"{OverrideVariable}: scanner '{forced}' is not supported by this CPU");
            return kind;
        }
        // AVX2 first: two 32-byte compares per 64-byte step beat four 16-byte ones (bench/results).
        // No 512-bit scanner: the machine is memory-bound at 256 bits (measured: AVX-512 gains nothing here).
        if (StructuralScannerVector256.IsSupported) return ScannerKind.Vector256;
        if (StructuralScannerVector128.IsSupported) return ScannerKind.Vector128;
        return ScannerKind.Scalar;
    }

    /// <summary>The name of a scanner as used by the override and <c>--version</c>.</summary>
    public static string NameOf(ScannerKind kind) => kind switch
    {
        ScannerKind.Vector256 => StructuralScannerVector256.Name,
        ScannerKind.Vector128 => StructuralScannerVector128.Name,
        _ => StructuralScannerScalar.Name,
    };

    /// <summary>Parses a scanner name; null when unknown.</summary>
    public static ScannerKind? Parse(string name) => name switch
    {
        "scalar" => ScannerKind.Scalar,
        "v128" => ScannerKind.Vector128,
        "v256" => ScannerKind.Vector256,
        _ => null,
    };

    /// <summary>Scans for <see cref="SpaceQuoteLineFeedSet"/> with the chosen implementation (for tests and benchmarks; hot loops use the generic parameters).</summary>
    public static int Scan(ScannerKind kind, ReadOnlySpan<byte> block, Span<int> positions) => Scan<SpaceQuoteLineFeedSet>(kind, block, positions);

    /// <summary>Scans for <typeparamref name="TSet"/> with the chosen implementation (for tests and benchmarks).</summary>
    public static int Scan<TSet>(ScannerKind kind, ReadOnlySpan<byte> block, Span<int> positions) where TSet : struct, IStructuralSet => kind switch
    {
        ScannerKind.Vector256 => StructuralScannerVector256.Scan<TSet>(block, positions),
        ScannerKind.Vector128 => StructuralScannerVector128.Scan<TSet>(block, positions),
        _ => StructuralScannerScalar.Scan<TSet>(block, positions),
    };

    /// <summary>Scans for <typeparamref name="TSet"/> and reports a NUL byte, with the chosen implementation (for tests and benchmarks).</summary>
    public static int Scan<TSet>(ScannerKind kind, ReadOnlySpan<byte> block, Span<int> positions, out bool hasNul) where TSet : struct, IStructuralSet
    {
        switch (kind)
        {
            case ScannerKind.Vector256: return StructuralScannerVector256.Scan<TSet>(block, positions, out hasNul);
            case ScannerKind.Vector128: return StructuralScannerVector128.Scan<TSet>(block, positions, out hasNul);
            default: return StructuralScannerScalar.Scan<TSet>(block, positions, out hasNul);
        }
    }
}
