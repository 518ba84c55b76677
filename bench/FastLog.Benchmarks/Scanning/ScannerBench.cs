using BenchmarkDotNet.Attributes;
using FastLog.Benchmarks.Data;
using FastLog.Scanning;

namespace FastLog.Benchmarks.Scanning;

/// <summary>
/// The structural scanners over one 1 MiB in-memory block of generated combined-log lines
/// (warm in L2/L3; no I/O). <see cref="StructuralScannerScalar"/> is the baseline, so the
/// Ratio column shows what each SIMD width gains.
/// </summary>
/// <remarks>
/// 1 MiB: large enough that per-call overhead is negligible, small enough to stay in cache, so
/// this measures the scanner and not memory bandwidth (that is the job of the end-to-end runs
/// in bench/scripts/compare.sh). The v256 scanner falls back to v128 on CPUs without AVX2; the
/// environment line of the report says which CPU ran it.
/// </remarks>
[MemoryDiagnoser]
public class ScannerBench
{
    /// <summary>Input size of one operation (used by the MB/s column).</summary>
    public static long BytesPerOperation => BlockBytes;

    /// <summary>Lines in the input of one operation (used by the ns/line column).</summary>
    public static long LinesPerOperation => s_lines.Value;

    private const int BlockBytes = 1 << 20;
    private static readonly Lazy<long> s_lines = new(() => CountLines(GeneratedLog.Generate(BlockBytes)));

    private byte[] _block = [];
    private int[] _positions = [];

    /// <summary>Builds the block and the positions buffer (one entry per byte, as the scanner contract asks).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _block = GeneratedLog.Generate(BlockBytes);
        _positions = new int[_block.Length];
        var expected = StructuralScannerScalar.Scan(_block, _positions);
        if (StructuralScannerVector128.Scan(_block, _positions) != expected || StructuralScannerVector256.Scan(_block, _positions) != expected)
            throw new InvalidOperationException("scanners disagree on the benchmark block");
    }

    /// <summary>Reference scanner, one byte at a time.</summary>
    [Benchmark(Baseline = true)]
    public int Scalar() => StructuralScannerScalar.Scan(_block, _positions);

    /// <summary>128-bit vectors.</summary>
    [Benchmark]
    public int Vector128() => StructuralScannerVector128.Scan(_block, _positions);

    /// <summary>256-bit AVX2 vectors.</summary>
    [Benchmark]
    public int Vector256() => StructuralScannerVector256.Scan(_block, _positions);

    private static long CountLines(ReadOnlySpan<byte> block) => block.Count((byte)'\n');
}
