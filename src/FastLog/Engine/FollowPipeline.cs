using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Input;
using FastLog.Input.Follow;
using FastLog.Partials;
using FastLog.Query;
using FastLog.Runs;

namespace FastLog.Engine;

/// <summary>
/// The stages of a followed run wired together on the follower's thread: each followed file's
/// whole lines go through its own cutter and parser (format detected from its first lines,
/// unless <c>--format</c>), then <c>--where</c>, into one aggregator that lives for the whole
/// run. <see cref="PassDone"/> is where a command emits (prints matches, new findings, tables).
/// </summary>
/// <remarks>
/// One thread: a live log arrives far slower than one core parses (≈1 GB/s), and a single
/// aggregator needs no merge between passes. Each file keeps its cutter, so a NUL region or a
/// too-long line spanning reads is handled as in a batch run; records carry the file's
/// <see cref="FollowedFile.Id"/> (after the inputs of the runs before a restart,
/// <see cref="ReadInputs"/>) as input index and their byte offset in it.
/// </remarks>
public sealed class FollowPipeline : IFollowSink
{
    private readonly PipelineOptions _options;
    private readonly Action<FollowPipeline> _passDone;
    private readonly TextWriter _warnings;
    private readonly Dictionary<int, Reader> _readers = new();
    private readonly List<InputResult> _inputs = [];
    // Inputs of the runs before a restart come first (their records' evidence names them): file Id i is input _inputBase + i.
    private int _inputBase;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private sealed class Reader
    {
        public LineBlockCutter? Cutter;
        public LineBlockCutter.Cursor Cursor;
        public bool Skipped;
    }

    /// <summary>
    /// Feeds <paramref name="aggregator"/> with the records of the followed files, parsed as
    /// <paramref name="options"/> say (its inputs and thread count are not used);
    /// <paramref name="passDone"/> runs after each pass of the follower.
    /// </summary>
    public FollowPipeline(PipelineOptions options, IAggregator aggregator, TextWriter warnings, Action<FollowPipeline> passDone)
    {
        _options = options;
        Aggregator = aggregator;
        _warnings = warnings;
        _passDone = passDone;
    }

    /// <summary>The one state every record goes to.</summary>
    public IAggregator Aggregator { get; }

    /// <summary>Line accounting of every file read so far.</summary>
    public ParseCounters Counters { get; } = new();

    /// <summary>Lines handed on so far (complete and final fragments), in all files.</summary>
    public long LineCount { get; private set; }

    /// <inheritdoc/>
    public int Lines(FollowedFile file, ReadOnlySpan<byte> data, bool final)
    {
        var reader = ReaderOf(file);
        if (reader.Cutter is null && !reader.Skipped)
        {
            // The format is told from the first whole lines (or the final fragment): wait for one.
            var whole = final ? data : data[..(data.LastIndexOf((byte)'\n') + 1)];
            if (whole.IsEmpty) return 0;
            Start(file, reader, whole[..Math.Min(whole.Length, FormatDetector.SampleBytes)]);
        }
        reader.Cursor.FileOffset = file.Committed;
        if (reader.Skipped) return data.Length;
        var before = reader.Cursor.LineIndex;
        var consumed = reader.Cutter!.Feed(data, final, ref reader.Cursor);
        LineCount += reader.Cursor.LineIndex - before;
        _inputs[_inputBase + file.Id].Lines += reader.Cursor.LineIndex - before;
        _inputs[_inputBase + file.Id].Bytes += consumed;
        return consumed;
    }

    /// <inheritdoc/>
    public void ReadOnce(FollowedFile file, Stream decompressed)
    {
        var reader = ReaderOf(file);
        using var peeked = PrefixedStream.Peek(decompressed, FormatDetector.SampleBytes, out var sample);
        if (sample.IsEmpty) return;
        Start(file, reader, sample.Span);
        if (reader.Skipped) return;
        reader.Cutter!.FeedStream(peeked, ref reader.Cursor);
        LineCount += reader.Cursor.LineIndex;
        _inputs[_inputBase + file.Id].Lines += reader.Cursor.LineIndex;
        _readers.Remove(file.Id);
    }

    /// <inheritdoc/>
    public void Truncated(FollowedFile file, long droppedPartial)
    {
        _warnings.Write($"fastlog: warning: {file.Path}: truncated; reading it again from the start"
            + (droppedPartial > 0 ? $" ({droppedPartial} bytes of an unterminated line dropped)" : "") + "\n");
        var reader = ReaderOf(file);
        reader.Cursor.FileOffset = 0;
        reader.Cursor.LineIndex = 0;
    }

    /// <inheritdoc/>
    public void PassDone() => _passDone(this);

    /// <inheritdoc/>
    public long LinesBefore(FollowedFile file) => _readers.TryGetValue(file.Id, out var reader) ? reader.Cursor.LineIndex : file.StartLine;

    /// <summary>Writes the inputs read so far (path, format, lines, bytes) and the line counters, for a checkpoint.</summary>
    public void WriteInputs(PartialWriter writer)
    {
        writer.WriteUInt((ulong)_inputs.Count);
        foreach (var input in _inputs)
        {
            writer.WriteString(input.Path);
            writer.WriteString(input.Format);
            writer.WriteInt(input.Lines);
            writer.WriteInt(input.Bytes);
        }
        Partial.WriteCounters(writer, Counters);
    }

    /// <summary>
    /// Puts back what <see cref="WriteInputs"/> wrote, before any file is read: the saved inputs
    /// keep their indices (the saved evidence names them) and the files of this run come after them.
    /// </summary>
    public void ReadInputs(PartialReader reader)
    {
        if (_inputs.Count > 0 || _readers.Count > 0) throw new InvalidOperationException("inputs are restored before any file is read");
        var count = reader.ReadCount(1 << 20);
        // Invariant: _inputs holds the first i saved inputs, in their saved order.
        for (var i = 0; i < count; i++)
        {
            var path = reader.ReadString() ?? throw new InvalidDataException("an input without a path");
            _inputs.Add(new InputResult { Path = path, Format = reader.ReadString(), Lines = reader.ReadInt(), Bytes = reader.ReadInt() });
            LineCount += _inputs[^1].Lines;
        }
        _inputBase = count;
        Counters.Merge(Partial.ReadCounters(reader));
    }

    /// <inheritdoc/>
    public void LetGo(FollowedFile file) => _readers.Remove(file.Id);

    /// <summary>
    /// The run so far as a batch run's result (one input per followed file, by
    /// <see cref="FollowedFile.Id"/>, one chunk each), so the batch writers render it.
    /// </summary>
    public RunSummary Snapshot() => Snapshot(Aggregator);

    /// <summary>The run so far with <paramref name="aggregate"/> (e.g. a copy of the state) as its result.</summary>
    public RunSummary Snapshot(IAggregator aggregate) => new()
    {
        Aggregate = aggregate,
        Counters = Counters,
        Samples = MalformedSamples(),
        Inputs = _inputs,
        Elapsed = _clock.Elapsed,
        ChunkFirstLines = _inputs.ConvertAll(_ => new long[1]),
    };

    /// <summary>The first malformed lines per reason, numbered within their file (each followed file is one chunk).</summary>
    private List<MalformedLine> MalformedSamples()
    {
        var all = new List<MalformedLine>();
        foreach (var list in Counters.Samples)
            foreach (var s in list)
                all.Add(new MalformedLine(_inputs[s.InputIndex].Path, s.LineIndexInChunk + 1, s.FileOffset, s.Reason, s.Excerpt, s.Truncated, s.RegionLength));
        return all;
    }

    private Reader ReaderOf(FollowedFile file)
    {
        if (_readers.TryGetValue(file.Id, out var reader)) return reader;
        // Invariant: _inputs[_inputBase + i] describes the file with Id i; ids are handed out in increasing order.
        while (_inputs.Count <= _inputBase + file.Id) _inputs.Add(new InputResult { Path = file.Path });
        return _readers[file.Id] = new Reader
        {
            Cursor = new LineBlockCutter.Cursor { InputIndex = _inputBase + file.Id, FileOffset = file.Committed, LineIndex = file.StartLine },
        };
    }

    /// <summary>Picks the file's format from <paramref name="sample"/> and builds its parser; a binary file is skipped with a warning.</summary>
    private void Start(FollowedFile file, Reader reader, ReadOnlySpan<byte> sample)
    {
        var detected = _options.Format ?? FormatDetector.Detect(sample, _options.Settings);
        if (detected?.Id != LogFormat.Parquet && BinaryDetection.Describe(sample) is { } binary)
        {
            _warnings.Write($"fastlog: warning: {file.Path}: {binary}; input skipped\n");
            reader.Skipped = true;
            return;
        }
        if (detected is null)
            _warnings.Write($"fastlog: warning: {file.Path}: no known format recognised; read as combined, unparsed lines are counted as malformed\n");
        var format = detected ?? FormatRegistry.Get(LogFormat.Combined);
        _inputs[_inputBase + file.Id].Format = format.Name;
        var parser = format.CreateParser(_options.Scanner, _options.Settings);
        if (_options.SkipLinesWithoutLiteral && format.ValuesStandVerbatim && _options.Where?.RequiredLiteral is { } literal) parser = new LiteralPrefilterParser(parser, literal);
        IBatchConsumer consumer = _options.Where is { } where ? new FilteringBatchConsumer(where.CreatePredicate(), Aggregator) : Aggregator;
        reader.Cutter = new LineBlockCutter(parser, Counters, consumer);
    }
}
