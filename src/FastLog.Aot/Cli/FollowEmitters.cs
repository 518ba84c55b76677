using System.Diagnostics;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Engine;
using FastLog.Output.Filter;
using FastLog.Output.Findings;
using FastLog.Output.Sinks;
using FastLog.Output.Table;
using FastLog.Formats;
using FastLog.Partials;
using FastLog.Runs;

namespace FastLog.Cli;

/// <summary>What a command emits while following: the aggregator records go to, and what it writes after each pass of the follower.</summary>
internal interface IFollowEmitter : IDisposable
{
    /// <summary>The one state every record goes to.</summary>
    IAggregator Aggregator { get; }

    /// <summary>After each pass of the follower (a wake-up handled).</summary>
    void PassDone(FollowPipeline pipeline);

    /// <summary>Once, after the follower stopped and read what was left.</summary>
    void Finish(FollowPipeline pipeline);

    /// <summary>The output's failure, when writing failed inside a pass.</summary>
    Exception? Failure => null;

    /// <summary>What <c>--state</c> keeps across a restart besides the offsets; null when the command counts nothing (filter).</summary>
    IPartialState? State { get; }
}

/// <summary>Builds the emitter of a command.</summary>
internal static class FollowEmitters
{
    public static IFollowEmitter Create(CliOptions options, IConsole console, FollowSignals signals) => options.Command switch
    {
        CommandName.Filter => new FilterFollowEmitter(options, console, signals),
        CommandName.Detect => new DetectFollowEmitter(options, console, signals),
        _ => new TableFollowEmitter(options, console),
    };
}

/// <summary>
/// Where filter and detect write while following: standard output, or the <c>-o</c> file opened
/// for appending (never replaced: lines already written stay), reopened by name after SIGHUP so
/// logrotate can move fastlog's own output away.
/// </summary>
internal sealed class AppendingOutput : IDisposable
{
    private readonly string? _path;
    private readonly IConsole _console;
    private BufferedStream _stream;

    public AppendingOutput(string? path, IConsole console)
    {
        _path = path;
        _console = console;
        _stream = new BufferedStream(Open(), 1 << 16);
    }

    public Stream Stream => _stream;

    private Stream Open() => _path is null
        ? _console.OpenStdout()
        : new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0);

    public void Flush() => _stream.Flush();

    /// <summary>Flushes and opens the file again by its name (after SIGHUP); standard output stays.</summary>
    public void Reopen()
    {
        if (_path is null) return;
        _stream.Flush();
        _stream.Dispose();
        _stream = new BufferedStream(Open(), 1 << 16);
    }

    public void Dispose()
    {
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Flushing a closed stdout at exit: the run already ended for that reason.
        }
    }
}

/// <summary>
/// filter --follow: each matching record is written as it arrives. Output goes out after every
/// pass when standard output is a terminal or with <c>--line-buffered</c>; otherwise in 64 KiB
/// writes, and at least every <c>--interval</c>.
/// </summary>
internal sealed class FilterFollowEmitter : IFollowEmitter
{
    private readonly CliOptions _options;
    private readonly FollowSignals _signals;
    private readonly AppendingOutput _output;
    private readonly bool _lineBuffered;
    private readonly bool _terminal;
    private readonly FilterOutputFormat _format;
    private readonly Forwarder _forwarder = new();
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private OrderedChunkWriter _writer = null!;
    private FilteredRecordWriter _records = null!;
    private CancellationTokenSource _cancel = new();
    private int _pass;

    public FilterFollowEmitter(CliOptions options, IConsole console, FollowSignals signals)
    {
        if (options.Output == OutputName.Parquet) throw new UsageException("filter --follow writes raw, jsonl or csv, not parquet (a Parquet file is complete only when closed)");
        _options = options;
        _signals = signals;
        _terminal = options.OutputPath is null && console.StdoutIsTerminal;
        _lineBuffered = _terminal || options.Follow!.LineBuffered;
        _format = options.Output switch
        {
            OutputName.Jsonl => FilterOutputFormat.Jsonl,
            OutputName.Csv => FilterOutputFormat.Csv,
            _ => _terminal ? FilterOutputFormat.RawEscaped : FilterOutputFormat.Raw,
        };
        _output = new AppendingOutput(options.OutputPath, console);
        if (_format == FilterOutputFormat.Csv) _output.Stream.Write(System.Text.Encoding.UTF8.GetBytes(string.Join(',', options.Fields.Select(FieldNames.Name)) + "\n"));
        StartWriter();
    }

    public IAggregator Aggregator => _forwarder;

    public IPartialState? State => null;

    public Exception? Failure => _writer.Failure;

    /// <summary>
    /// The batch writer keeps records in input order by chunk; here each pass is one chunk of one
    /// input, so the pass's matches go out when it ends. Chunk numbers are ints: after 2^31 - 1
    /// passes a fresh writer starts at chunk 0.
    /// </summary>
    private void StartWriter()
    {
        _cancel.Dispose();
        _cancel = new CancellationTokenSource();
        _writer = new OrderedChunkWriter(_output.Stream, _cancel);
        _records = new FilteredRecordWriter(_writer, _format, _options.Fields, _terminal);
        _forwarder.Target = _records;
        _records.ChunksPlanned([int.MaxValue]);
        _pass = 0;
        _records.ChunkStarted(0, _pass);
    }

    public void PassDone(FollowPipeline pipeline)
    {
        _records.ChunkFinished(0, _pass);
        if (_writer.Failure is { } failure) throw failure;
        // The ordered writer holds the output stream: after a reopen it starts afresh on the new one.
        if (_signals.TakeReopen())
        {
            _output.Reopen();
            StartWriter();
        }
        else if (_pass == int.MaxValue - 1)
        {
            StartWriter();
        }
        else
        {
            _records.ChunkStarted(0, ++_pass);
        }
        if (_lineBuffered || _sinceFlush.Elapsed >= _options.Follow!.Interval)
        {
            _output.Flush();
            _sinceFlush.Restart();
        }
    }

    public void Finish(FollowPipeline pipeline)
    {
        _records.ChunkFinished(0, _pass);
        if (_writer.Failure is { } failure) throw failure;
        _output.Flush();
    }

    public void Dispose()
    {
        _output.Dispose();
        _cancel.Dispose();
    }
}

/// <summary>Forwards batches to an aggregator that may be replaced between passes.</summary>
internal sealed class Forwarder : IAggregator
{
    public IAggregator Target { get; set; } = null!;

    public void Consume(LogBatch batch, ReadOnlySpan<byte> block) => Target.Consume(batch, block);

    public void Merge(IAggregator other) => Target.Merge(other);

    public bool IsApproximate => Target.IsApproximate;
}

/// <summary>
/// count, top, stats and analyze --follow: the table (analyze: the report, in any of its
/// outputs) is reprinted every <c>--interval</c> when lines were read since the last one: in
/// place on a terminal (the screen is cleared first), appended when piped (tables separated by
/// a blank line), or rewritten atomically to the <c>-o</c> file (temporary file, rename), so a
/// browser or a web server reading <c>report.html</c> only ever sees a complete document.
/// </summary>
internal sealed class TableFollowEmitter : IFollowEmitter
{
    private const string ClearScreen = "\u001b[H\u001b[2J";

    private readonly CliOptions _options;
    private readonly IConsole _console;
    private readonly Stopwatch _sincePrint = new();
    private readonly Stream? _stdout;
    private readonly bool _terminal;
    private readonly Func<IAggregator> _create;
    private long _printedLines = -1;

    public TableFollowEmitter(CliOptions options, IConsole console)
    {
        _options = options;
        _console = console;
        _create = CommandRunner.AggregatorFactory(options);
        Aggregator = _create();
        _terminal = options.OutputPath is null && console.StdoutIsTerminal;
        if (options.OutputPath is null) _stdout = console.OpenStdout();
    }

    public IAggregator Aggregator { get; }

    public IPartialState? State => Aggregator as IPartialState;

    public void PassDone(FollowPipeline pipeline)
    {
        if (_sincePrint.IsRunning && _sincePrint.Elapsed < _options.Follow!.Interval) return;
        Print(pipeline);
    }

    public void Finish(FollowPipeline pipeline) => Print(pipeline);

    private void Print(FollowPipeline pipeline)
    {
        _sincePrint.Restart();
        if (pipeline.LineCount == _printedLines) return;
        var separate = _printedLines >= 0;
        _printedLines = pipeline.LineCount;
        // analyze's views and rules resolve their state when read, after which it takes no more
        // records: the report is made from a copy, and the live state goes on counting.
        IAggregator state = Aggregator;
        if (Aggregator is AnalysisAggregator)
        {
            state = _create();
            state.Merge(Aggregator);
        }
        var result = pipeline.Snapshot(state);
        if (_options.OutputPath is { } path)
        {
            using var file = OutputFile.Open(path, "-o", _console.OpenStdout);
            Write(file.Stream, result, prefix: null);
            file.Commit();
            return;
        }
        Write(_stdout!, result, _terminal ? ClearScreen : separate && _options.Output == OutputName.Table ? "\n" : null);
    }

    private void Write(Stream target, RunSummary result, string? prefix)
    {
        // Whole table in one buffer, then one write: a reader of the pipe never sees half a table.
        var buffered = new MemoryStream();
        if (prefix is not null) buffered.Write(System.Text.Encoding.ASCII.GetBytes(prefix));
        CommandRunner.WriteResult(_options, result, CommandRunner.Findings(_options, result), buffered, TerminalBars.None);
        target.Write(buffered.GetBuffer().AsSpan(0, (int)buffered.Length));
        target.Flush();
    }

    public void Dispose() => _stdout?.Dispose();
}

/// <summary>
/// detect --follow: after each pass, the findings that are new since the last pass are written
/// as JSON lines (the ECS objects of <c>detect --output jsonl</c>). A thresholded rule's finding
/// is new when its subject first crosses the threshold and again when a later window crosses it
/// (its end moves); more events in the same window update nothing. A per-event rule's finding is
/// new once per subject (and per span of <see cref="DetectionGenerations"/>).
/// </summary>
/// <remarks>
/// The state is bounded by event time (<see cref="DetectionGenerations"/>): at most two spans of
/// the log. Findings are read again only from the generations that took records since they were
/// last read (<see cref="DetectionGenerations.TakeTouched"/>): on a live log the current span,
/// not the previous one, so the cost is that of the current span's state. Reading is skipped
/// after a pass that read no lines, and otherwise spaced so that it takes at most a fifth of the
/// time: the next extraction waits four times as long as the last one took (with a small state,
/// under a millisecond: every pass).
/// </remarks>
internal sealed class DetectFollowEmitter : IFollowEmitter, IPartialState
{
    private const int ExtractionShare = 4;

    private readonly CliOptions _options;
    private readonly FollowSignals _signals;
    private readonly AppendingOutput _output;
    private readonly DetectionGenerations _generations;
    private readonly Stopwatch _sinceExtraction = new();
    private TimeSpan _extractionCost;
    private long _extractedLines = -1;
    // Per generation read, per finding subject (rule, source, host, user, grouping) in it: the end of the last window reported.
    private readonly Dictionary<DetectionAggregator, Dictionary<string, long>> _reportedBy = new(ReferenceEqualityComparer.Instance);
    // Read back from --state: the subjects reported before the restart, until the first extraction has read every generation.
    private Dictionary<string, long>? _restored;

    public DetectFollowEmitter(CliOptions options, IConsole console, FollowSignals signals)
    {
        _options = options;
        _signals = signals;
        _output = new AppendingOutput(options.OutputPath, console);
        var (span, overlap) = DetectionGenerations.SpanFor(options.Thresholds.Auth, options.Thresholds.Web, options.Thresholds.CloudTrail, options.Rules);
        _generations = new DetectionGenerations(NewAggregator, span, overlap, () => DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private DetectionAggregator NewAggregator()
        => new(_options.Budget, _options.Thresholds.Auth with { Addresses = _options.Addresses },
            _options.Thresholds.CloudTrail, _options.Rules, webOptions: _options.Thresholds.Web);

    public IAggregator Aggregator => _generations;

    public IPartialState State => this;

    /// <summary>The rule generations, then the subjects already reported (so a restart does not print them again).</summary>
    public void WriteState(PartialWriter writer)
    {
        _generations.WriteState(writer);
        var reported = new Dictionary<string, long>(_restored ?? [], StringComparer.Ordinal);
        foreach (var subjects in _reportedBy.Values)
            foreach (var (key, end) in subjects) reported[key] = Math.Max(end, reported.GetValueOrDefault(key, -1));
        writer.WriteUInt((ulong)reported.Count);
        foreach (var (key, end) in reported)
        {
            writer.WriteString(key);
            writer.WriteInt(end);
        }
    }

    public void ReadState(PartialReader reader)
    {
        _generations.ReadState(reader);
        var count = reader.ReadCount(reader.Remaining);
        _restored = new Dictionary<string, long>(count, StringComparer.Ordinal);
        // Invariant: _restored holds the first i saved subjects.
        for (var i = 0; i < count; i++) _restored[reader.ReadString() ?? ""] = reader.ReadInt();
    }

    /// <summary>Generations retired so far (tests, benchmarks).</summary>
    public long RetiredGenerations => _generations.RetiredCount;

    public void PassDone(FollowPipeline pipeline) => Emit(pipeline, force: false);

    public void Finish(FollowPipeline pipeline) => Emit(pipeline, force: true);

    private void Emit(FollowPipeline pipeline, bool force)
    {
        if (_signals.TakeReopen()) _output.Reopen();
        if (pipeline.LineCount == _extractedLines) return;
        if (!force && _sinceExtraction.IsRunning && _sinceExtraction.Elapsed < _extractionCost * ExtractionShare) return;
        var started = Stopwatch.GetTimestamp();
        _extractedLines = pipeline.LineCount;
        var fresh = new List<Finding>();
        var approximate = false;
        RunSummary? result = null;
        var retired = _generations.TakeRetired();
        var rebuilt = new Dictionary<DetectionAggregator, Dictionary<string, long>>(ReferenceEqualityComparer.Instance);
        var thisPass = new Dictionary<string, long>(StringComparer.Ordinal);
        // Retired generations first (time moved past them since the last pass), then the live ones
        // that took records since they were last read, oldest first; the others' findings are unchanged.
        foreach (var generation in retired.Concat(_generations.Live))
        {
            if (!retired.Contains(generation) && !_generations.TakeTouched(generation) && _reportedBy.ContainsKey(generation)) continue;
            // Reading the findings resolves the windowed counts, after which a state takes no more
            // records: they are read from a copy, and the live state goes on counting.
            var copy = NewAggregator();
            copy.Merge(generation);
            result = pipeline.Snapshot(copy);
            var subjects = rebuilt[generation] = new Dictionary<string, long>(StringComparer.Ordinal);
            if (CommandRunner.Findings(_options, result) is not { } found) continue;
            approximate |= found.Approximate;
            foreach (var finding in found.Findings)
            {
                var key = Key(finding);
                // Thresholded rules: a finding ends at its last crossing window's end; per-event rules report once.
                var end = finding.Windows > 0 ? finding.LastUnixSeconds : 0;
                subjects[key] = subjects.TryGetValue(key, out var inGeneration) ? Math.Max(inGeneration, end) : end;
                var known = thisPass.TryGetValue(key, out var seen);
                thisPass[key] = known ? Math.Max(seen, end) : end;
                if (known && end <= seen) continue; // the same window in two generations (overlapping ones)
                if (end > ReportedEnd(key)) fresh.Add(finding);
            }
        }
        // A generation's subjects are forgotten with it, so these tables stay as small as the state.
        foreach (var generation in retired) _reportedBy.Remove(generation);
        foreach (var (generation, subjects) in rebuilt)
            if (!retired.Contains(generation)) _reportedBy[generation] = subjects;
        _restored = null;
        if (fresh.Count > 0)
        {
            FindingsWriter.WriteJsonLines(fresh, result!, _output.Stream, _options.Addresses, approximate);
            _output.Flush();
        }
        _extractionCost = Stopwatch.GetElapsedTime(started);
        _sinceExtraction.Restart();
    }

    /// <summary>The end of the last window reported for <paramref name="key"/> before this extraction (in any generation, or in the restored state); -1 when never.</summary>
    private long ReportedEnd(string key)
    {
        var end = _restored is not null && _restored.TryGetValue(key, out var restored) ? restored : -1;
        foreach (var subjects in _reportedBy.Values)
            if (subjects.TryGetValue(key, out var reported)) end = Math.Max(end, reported);
        return end;
    }

    private static string Key(Finding f)
        => string.Join('\u0001', f.Rule.Id, Convert.ToHexString(f.SourceIp), f.Host is null ? "" : Convert.ToHexString(f.Host),
            f.User is null ? "" : Convert.ToHexString(f.User), f.GroupField ?? "");

    public void Dispose() => _output.Dispose();
}
