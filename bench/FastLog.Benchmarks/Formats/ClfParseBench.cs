using BenchmarkDotNet.Attributes;
using FastLog.Benchmarks.Data;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Input;
using FastLog.Scanning;

namespace FastLog.Benchmarks.Formats;

/// <summary>
/// The combined-log parser (<see cref="FormatRegistry.CreateParser"/>) fed by the real
/// <see cref="LineBlockCutter"/> over a 4 MiB in-memory block of generated lines, into column
/// batches handed to a consumer that only counts them: scanning, cutting, field parsing and
/// timestamp conversion, without I/O and without aggregation.
/// </summary>
/// <remarks>
/// One parameter per scanner the CPU runs (<see cref="ScannerFactory.Available"/>): the scalar
/// row against the others shows what the SIMD scanners gain for the whole parse, not only for
/// the scan (ScannerBench). 4 MiB: sixteen of the cutter's 256 KiB blocks, about 18,000 lines, larger
/// than L2 but within L3, so this is the per-core parse cost with the input already in cache
/// (the SPEC target is 1 GB/s per core). About 0.05 % of the lines are truncated and counted as
/// malformed, as in the generated 1 GB log.
/// </remarks>
[MemoryDiagnoser]
public class ClfParseBench
{
    private const int BlockBytes = 4 << 20;
    private static readonly Lazy<byte[]> s_block = new(() => GeneratedLog.GenerateLines(BlockBytes));

    /// <summary>Input size of one operation (used by the MB/s column).</summary>
    public static long BytesPerOperation => s_block.Value.Length;

    /// <summary>Lines in the input of one operation (used by the ns/line column).</summary>
    public static long LinesPerOperation => s_block.Value.AsSpan().Count((byte)'\n');

    /// <summary>The scanners this CPU runs.</summary>
    public static IEnumerable<ScannerKind> Scanners => ScannerFactory.Available;

    /// <summary>The structural scanner the parser walks.</summary>
    [ParamsSource(nameof(Scanners))]
    public ScannerKind Scanner { get; set; }

    private byte[] _block = [];
    private LineBlockCutter _cutter = null!;
    private ParseCounters _counters = null!;
    private readonly CountingConsumer _consumer = new();
    private long _fileOffset;

    /// <summary>Builds the block and one parser and cutter, as one pipeline worker has.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _block = s_block.Value;
        _counters = new ParseCounters();
        _cutter = new LineBlockCutter(FormatRegistry.CreateParser(ClfVariant.Combined, Scanner), _counters, _consumer);
        var parsed = Parse();
        if (parsed < LinesPerOperation * 99 / 100)
            throw new InvalidOperationException($"only {parsed} of {LinesPerOperation} lines parsed");
    }

    /// <summary>Parses the whole block; returns the records handed over.</summary>
    [Benchmark]
    public long Parse()
    {
        _consumer.Records = 0;
        // Each operation continues the "file" where the last one ended, as consecutive blocks of
        // one chunk do: malformed samples past the first few are then dropped without a copy,
        // so the operation allocates nothing (same offsets again would replace samples).
        var cursor = new LineBlockCutter.Cursor { FileOffset = _fileOffset };
        _cutter.Feed(_block, final: true, ref cursor);
        _fileOffset = cursor.FileOffset;
        return _consumer.Records;
    }

    /// <summary>Counts records (an interface call per batch, as the pipeline makes), nothing else.</summary>
    private sealed class CountingConsumer : IBatchConsumer
    {
        public long Records;

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block) => Records += batch.Count;
    }
}
