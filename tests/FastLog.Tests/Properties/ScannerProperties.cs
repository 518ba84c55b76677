using CsCheck;
using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Properties;

/// <summary>
/// Every vector scanner this CPU has finds exactly the positions the scalar one finds, for both
/// structural sets, and reports a NUL exactly when the block holds one, on random bytes placed
/// against a guard page after or before them (an over-read crashes the run).
/// </summary>
public class ScannerProperties
{
    /// <summary>Raw bytes, and bytes drawn mostly from the structural characters and their neighbours.</summary>
    private static readonly Gen<byte[]> s_blocks = Gen.Frequency(
        (2, Gen.Byte.Array[0, 300]),
        (3, Gen.OneOf((byte)' ', (byte)'"', (byte)'\n', (byte)'\\', (byte)'a', (byte)0, (byte)0xFF, (byte)('"' + 128), (byte)('\n' + 128)).Array[0, 300]));

    [Fact]
    public void VectorScanners_FindTheScalarPositions() =>
        s_blocks.Sample(block =>
        {
            foreach (var guardBefore in new[] { false, true })
            {
                using var guarded = new GuardedBuffer(block, guardBefore);
                Compare<SpaceQuoteLineFeedSet>(guarded.Span);
                Compare<QuoteLineFeedSet>(guarded.Span);
            }
        }, iter: 20_000, threads: 1, print: Convert.ToHexString);

    private static void Compare<TSet>(ReadOnlySpan<byte> block) where TSet : struct, IStructuralSet
    {
        var expected = new int[block.Length];
        var count = ScannerFactory.Scan<TSet>(ScannerKind.Scalar, block, expected, out var scalarNul);
        Assert.Equal(block.Contains((byte)0), scalarNul);
        foreach (var kind in ScannerFactory.Available)
        {
            var actual = new int[block.Length];
            var n = ScannerFactory.Scan<TSet>(kind, block, actual, out var hasNul);
            Assert.True(expected.AsSpan(0, count).SequenceEqual(actual.AsSpan(0, n)),
                $"{ScannerFactory.NameOf(kind)} ({typeof(TSet).Name}) found {n} positions, scalar {count}");
            Assert.True(hasNul == scalarNul, $"{ScannerFactory.NameOf(kind)} ({typeof(TSet).Name}) reported a NUL: {hasNul}, scalar {scalarNul}");
            n = ScannerFactory.Scan<TSet>(kind, block, actual);
            Assert.True(expected.AsSpan(0, count).SequenceEqual(actual.AsSpan(0, n)), $"{ScannerFactory.NameOf(kind)} without the NUL report differs");
        }
    }
}
