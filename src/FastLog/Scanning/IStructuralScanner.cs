namespace FastLog.Scanning;

/// <summary>
/// Finds the structural bytes of a block of log text: the bytes of an <see cref="IStructuralSet"/>.
/// </summary>
/// <remarks>
/// <para>
/// The scanner is the only place where per-ISA code lives. Parsers never look for separators
/// byte by byte; they walk the ascending offsets a scanner writes. Every implementation must
/// produce exactly what <see cref="StructuralScannerScalar"/> produces for the same input (the
/// scalar scanner is the specification; tests prove the others agree for every length and every
/// position).
/// </para>
/// <para>
/// The implementation is chosen once at start by <see cref="ScannerFactory"/> and reaches hot
/// loops as a generic struct parameter (<c>where TScanner : struct, IStructuralScanner</c>), so
/// there is no interface dispatch per block.
/// </para>
/// </remarks>
public interface IStructuralScanner
{
    /// <summary>Short name used by <c>FASTLOG_SCANNER</c>, <c>--version</c> and benchmarks.</summary>
    static abstract string Name { get; }

    /// <summary>
    /// Writes the offset of every byte of <typeparamref name="TSet"/> in <paramref name="block"/>
    /// into <paramref name="positions"/>, ascending, and returns how many it wrote.
    /// </summary>
    /// <param name="block">The bytes <c>[0, block.Length)</c>; nothing past the end is read.</param>
    /// <param name="positions">
    /// Receives offsets into <paramref name="block"/>. Must hold at least
    /// <c>block.Length</c> entries, the count when every byte is structural.
    /// </param>
    static abstract int Scan<TSet>(ReadOnlySpan<byte> block, Span<int> positions) where TSet : struct, IStructuralSet;

    /// <summary>
    /// As <see cref="Scan{TSet}(ReadOnlySpan{byte}, Span{int})"/>, and sets <paramref name="hasNul"/>
    /// when the block holds a NUL byte, found from the same loads: the input layer needs to know
    /// where NUL regions start, and a second pass over every block to learn that there is none
    /// cost as much as the scan itself.
    /// </summary>
    static abstract int Scan<TSet>(ReadOnlySpan<byte> block, Span<int> positions, out bool hasNul) where TSet : struct, IStructuralSet;
}
