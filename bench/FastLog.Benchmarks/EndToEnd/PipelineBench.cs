using FastLog.Formats;
using BenchmarkDotNet.Attributes;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Benchmarks.Data;
using FastLog.Columns;
using FastLog.Engine;
using FastLog.Formats.Clf;
using FastLog.Input;

namespace FastLog.Benchmarks.EndToEnd;

/// <summary>
/// <see cref="LogPipeline.Run"/> over a 64 MiB generated combined log in a temporary file (warm
/// page cache), with the aggregator of each CLI command: <c>count</c>, <c>top ip</c> and
/// <c>analyze</c> (every section), on 1 and 2 worker threads. Everything the CLI does except
/// argument parsing and writing the report.
/// </summary>
/// <remarks>
/// The file is read the CLI's default way (positioned reads, <see cref="IoStrategy.Auto"/>)
/// with the best scanner. 64 MiB is small next to the 1 GB of bench/scripts/compare.sh, so
/// the fixed costs (thread start, table allocation, merge) weigh more here; that script has the
/// end-to-end figures of the published binary. The allocation column is a fixed per-run amount
/// (buffers and tables), not a per-line cost.
/// </remarks>
[MemoryDiagnoser]
public class PipelineBench
{
    private const int FileBytes = 64 << 20;
    private static readonly Lazy<byte[]> s_content = new(() => GeneratedLog.GenerateLines(FileBytes, seed: 3));

    /// <summary>Input size of one operation (used by the MB/s column).</summary>
    public static long BytesPerOperation => s_content.Value.Length;

    /// <summary>Lines in the input of one operation (used by the ns/line column).</summary>
    public static long LinesPerOperation => s_content.Value.AsSpan().Count((byte)'\n');

    /// <summary>Which CLI command's aggregator consumes the records.</summary>
    public enum Command
    {
        /// <summary><c>fastlog count</c>: records only (read + cut + parse).</summary>
        Count,
        /// <summary><c>fastlog top ip</c>: one group-by table.</summary>
        TopIp,
        /// <summary><c>fastlog analyze</c>: every section.</summary>
        Analyze,
    }

    /// <summary>The aggregator.</summary>
    [Params(Command.Count, Command.TopIp, Command.Analyze)]
    public Command Aggregation { get; set; }

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    private string _path = "";
    private PipelineOptions _options = null!;

    /// <summary>Writes the log to a temporary file and reads it once (page cache warm).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"fastlog-pipelinebench-{Environment.ProcessId}.log");
        File.WriteAllBytes(_path, s_content.Value);
        var errors = new List<string>();
        var inputs = InputResolver.Resolve([_path], errors);
        if (errors.Count > 0) throw new IOException(string.Join("; ", errors));
        var budget = TableBudget.Default;
        Func<IAggregator> create = Aggregation switch
        {
            Command.Analyze => () => new AccessAggregator(budget),
            Command.TopIp => () => new GroupByAggregator([LogField.Ip], budget),
            _ => () => new CountAggregator(),
        };
        _options = new PipelineOptions { Inputs = inputs, CreateAggregator = create, Format = FormatRegistry.Get(LogFormat.Combined), Threads = Threads };
        var result = LogPipeline.Run(_options);
        if (result.HasErrors || result.Counters.Parsed < LinesPerOperation * 99 / 100)
            throw new InvalidOperationException($"pipeline parsed {result.Counters.Parsed} of {LinesPerOperation} lines");
    }

    /// <summary>Deletes the temporary file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>One run of the pipeline; returns the records parsed.</summary>
    [Benchmark]
    public long Run() => LogPipeline.Run(_options).Counters.Parsed;
}
