using FastLog.Aggregation;
using FastLog.Formats;
using FastLog.Input;
using FastLog.Query;
using FastLog.Scanning;

namespace FastLog.Engine;

/// <summary>Validated options of one run (what the CLI decided; the library never reads the command line).</summary>
public sealed class PipelineOptions
{
    /// <summary>The inputs, in report order.</summary>
    public required IReadOnlyList<InputSource> Inputs { get; init; }

    /// <summary>Creates one empty aggregator per worker (and one for the merged result).</summary>
    public required Func<IAggregator> CreateAggregator { get; init; }

    /// <summary>The format of every input; null detects it per input.</summary>
    public ILogFormat? Format { get; init; }

    /// <summary>Options that shape parsing (<c>--year</c>, <c>--field</c>, <c>--log-format</c>).</summary>
    public FormatSettings Settings { get; init; } = FormatSettings.Default;

    /// <summary>Worker threads (at least 1).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>How regular files are read.</summary>
    public IoStrategy Io { get; init; } = IoStrategy.Auto;

    /// <summary>The structural scanner.</summary>
    public ScannerKind Scanner { get; init; } = ScannerFactory.Choose(null);

    /// <summary>Chunk size for regular files; null chooses one from the file size and thread count.</summary>
    public long? ChunkBytes { get; init; }

    /// <summary>Hash each regular file's bytes as they are read (<see cref="Runs.InputResult.ContentHash"/>, a partial's input identity).</summary>
    public bool HashInputs { get; init; }

    /// <summary>Reads only this shard of every input (<c>--shard I/N</c>); null reads them whole.</summary>
    public FileShard? Shard { get; init; }

    /// <summary>Opens standard input (tests substitute their own stream).</summary>
    public Func<Stream> OpenStdin { get; init; } = StandardInput.Open;

    /// <summary>Only records this filter keeps reach the aggregators (<c>--where</c>, <c>--since</c>, <c>--until</c>); null keeps all.</summary>
    public RecordFilter? Where { get; init; }

    /// <summary>
    /// Hand out work units in input order (input, then chunk) instead of stream inputs first, so
    /// a writer that emits records in input order always has the next chunk in progress.
    /// </summary>
    public bool InInputOrder { get; init; }

    /// <summary>Stops the run: workers take no new chunk, and a consumer may throw <see cref="OperationCanceledException"/> to leave the current one.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Lines without <see cref="Where"/>'s required literal are skipped unparsed
    /// (<see cref="LiteralPrefilterParser"/>); the line accounting then covers only the lines
    /// parsed, so commands that report it (analyze) leave this off.
    /// </summary>
    public bool SkipLinesWithoutLiteral { get; init; }

    /// <summary>Counts bytes and records as the run goes, for a progress line; null counts nothing.</summary>
    public PipelineProgress? Progress { get; init; }

    /// <summary>Records how long each stage took (<c>--timings</c>); null records nothing.</summary>
    public PhaseTimings? Timings { get; init; }
}
