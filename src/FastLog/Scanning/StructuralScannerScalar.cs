namespace FastLog.Scanning;

/// <summary>The reference scanner: one byte at a time. It is the specification the SIMD scanners are tested against.</summary>
public readonly struct StructuralScannerScalar : IStructuralScanner
{
    /// <inheritdoc/>
    public static string Name => "scalar";

    /// <inheritdoc/>
    public static int Scan(ReadOnlySpan<byte> block, Span<int> positions)
    {
        if (positions.Length < block.Length)
            throw new ArgumentException("positions must hold one entry per byte", nameof(positions));
        // Invariant: count <= i <= block.Length, so positions[count] is always in range.
        var count = 0;
        for (var i = 0; i < block.Length; i++)
        {
            var b = block[i];
            if (b == ByteSets.Lf || b == ByteSets.Space || b == ByteSets.Quote)
                positions[count++] = i;
        }
        return count;
    }
}
