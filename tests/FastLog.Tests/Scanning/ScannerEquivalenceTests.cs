using FastLog.Scanning;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Scanning;

/// <summary>Every scanner this CPU runs must write exactly the scalar reference's offsets.</summary>
public class ScannerEquivalenceTests
{
    public static TheoryData<ScannerKind> AvailableScanners()
    {
        var data = new TheoryData<ScannerKind>();
        foreach (var kind in ScannerFactory.Available) data.Add(kind);
        return data;
    }

    private static readonly byte[] s_structural = [(byte)'\n', (byte)' ', (byte)'"'];

    // Bytes next to the structural ones in value, or that SIMD compares could confuse with them
    // (high bit set, NUL, CR, tab, backslash, the byte just below and above each structural one).
    private static readonly byte[] s_lookalikes = [0, (byte)'\r', (byte)'\t', (byte)'\\', (byte)'!', (byte)'#', 0x0B, 0x09, 0x80, 0xA0, 0xA2, 0x8A, 0xFF, (byte)'a'];

    private static int[] Reference(ReadOnlySpan<byte> block)
    {
        var positions = new int[block.Length];
        var n = StructuralScannerScalar.Scan(block, positions);
        return positions[..n];
    }

    private static int[] Run(ScannerKind kind, ReadOnlySpan<byte> block)
    {
        var positions = new int[block.Length];
        var n = ScannerFactory.Scan(kind, block, positions);
        return positions[..n];
    }

    [Fact]
    public void ScalarReferenceFindsExactlyTheStructuralBytes()
    {
        var block = "ab \"c\nd\r\n \\\""u8.ToArray();
        Assert.Equal([2, 3, 5, 8, 9, 11], Reference(block));
    }

    [Theory, MemberData(nameof(AvailableScanners))]
    public void StructuralByteAtEveryPositionOfEveryLength(ScannerKind kind)
    {
        for (var length = 0; length <= 3 * 64 + 8; length++)
        {
            for (var filler = 0; filler < s_lookalikes.Length; filler++)
            {
                var block = new byte[length];
                Array.Fill(block, s_lookalikes[filler]);
                Assert.Equal(Reference(block), Run(kind, block));
                for (var at = 0; at < length; at++)
                {
                    foreach (var s in s_structural)
                    {
                        block[at] = s;
                        Assert.Equal(Reference(block), Run(kind, block));
                        block[at] = s_lookalikes[filler];
                    }
                }
            }
        }
    }

    [Theory, MemberData(nameof(AvailableScanners))]
    public void RandomInputsMatchScalar(ScannerKind kind)
    {
        var random = new Random(20261128);
        for (var round = 0; round < 2000; round++)
        {
            var length = random.Next(0, 1200);
            var block = new byte[length];
            // Half the rounds draw from a small alphabet dense in structural bytes.
            if ((round & 1) == 0) random.NextBytes(block);
            else for (var i = 0; i < length; i++) block[i] = "\n \"ab\r\\\0\x80"u8[random.Next(9)];
            Assert.Equal(Reference(block), Run(kind, block));
        }
    }

    [Theory, MemberData(nameof(AvailableScanners))]
    public void ANulAtAnyPositionOfAnyLengthIsReported(ScannerKind kind)
    {
        static bool HasNul(ScannerKind k, ReadOnlySpan<byte> block)
        {
            ScannerFactory.Scan<QuoteLineFeedSet>(k, block, new int[block.Length], out var nul);
            return nul;
        }
        for (var length = 0; length <= 3 * 64 + 8; length++)
        {
            // Fillers next to 0 in value and the bytes a signed compare would put below it.
            foreach (var filler in new byte[] { 1, (byte)'\n', (byte)'"', 0x7F, 0x80, 0xFF })
            {
                var content = new byte[length];
                Array.Fill(content, filler);
                using (var clean = new GuardedBuffer(content)) Assert.False(HasNul(kind, clean.Span), $"length {length}, filler {filler}: no NUL");
                for (var at = 0; at < length; at++)
                {
                    content[at] = 0;
                    foreach (var guardBefore in new[] { false, true })
                    {
                        using var guarded = new GuardedBuffer(content, guardBefore);
                        Assert.True(HasNul(kind, guarded.Span), $"length {length}, filler {filler}: NUL at {at}");
                    }
                    content[at] = filler;
                }
            }
        }
    }

    [Theory, MemberData(nameof(AvailableScanners))]
    public void NeverReadsOutsideTheBlock(ScannerKind kind)
    {
        for (var length = 0; length <= 200; length++)
        {
            var content = new byte[length];
            for (var i = 0; i < length; i++) content[i] = (byte)(i % 3 == 0 ? ' ' : i % 5 == 0 ? '\n' : 'x');
            foreach (var guardBefore in new[] { false, true })
            {
                using var guarded = new GuardedBuffer(content, guardBefore);
                Assert.Equal(Reference(content), Run(kind, guarded.Span));
            }
        }
    }

    [Theory, MemberData(nameof(AvailableScanners))]
    public void TheQuoteAndLineFeedSetMatchesScalarToo(ScannerKind kind)
    {
        static int[] Scan(ScannerKind k, byte[] block)
        {
            var positions = new int[block.Length];
            return positions[..ScannerFactory.Scan<QuoteLineFeedSet>(k, block, positions)];
        }
        var random = new Random(99);
        for (var length = 0; length <= 3 * 64 + 8; length++)
        {
            var block = new byte[length];
            for (var i = 0; i < length; i++) block[i] = "\n \"ab\r\\\0\x80"u8[random.Next(9)];
            var expected = Scan(ScannerKind.Scalar, block);
            Assert.Equal(expected, Scan(kind, block));
            Assert.All(expected, at => Assert.True(block[at] is (byte)'\n' or (byte)'"'));
            Assert.Equal(block.Count(b => b is (byte)'\n' or (byte)'"'), expected.Length);
        }
    }

    [Fact]
    public void FactoryPicksTheWidestScannerThisCpuRuns()
    {
        var expected = System.Runtime.Intrinsics.X86.Avx2.IsSupported ? ScannerKind.Vector256
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? ScannerKind.Vector128 : ScannerKind.Scalar;
        Assert.Equal(expected, ScannerFactory.Choose(null));
    }

    [Fact]
    public void OverrideNamesAScannerOrFailsClearly()
    {
        Assert.Equal(ScannerKind.Scalar, ScannerFactory.Choose("scalar"));
        var e = Assert.Throws<ArgumentException>(() => ScannerFactory.Choose("v999"));
        Assert.Contains("unknown scanner", e.Message);
    }
}
