using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Json;
using FastLog.Input;
using FastLog.Query;
using Microsoft.Win32.SafeHandles;
using FastLog.Runs;

namespace FastLog.Engine;

/// <summary>
/// The only place the stages are wired together: plan the inputs into work units, fan out one
/// worker per thread (each with its own parsers, counters and aggregator), then merge.
/// </summary>
/// <remarks>
/// Work units are taken in order from a shared counter, stream inputs (stdin, gzip) first since
/// they cannot be split. Nothing in the result depends on which worker took which unit, nor on
/// the thread count: chunk boundaries depend only on the file size (or <c>--chunk-size</c>).
/// While every table is within its budget, each worker keeps one state and the states merge in
/// any order. A result a budget made approximate depends on how records were split and merged,
/// so then each unit is aggregated into its own state and the states are merged in one fixed
/// order (<see cref="ChunkOrderMerger"/>), the same for 1 or 64 threads. Counts add up,
/// samples are ordered by input and offset, and line numbers are fixed up from the per-chunk
/// line counts once every chunk is done. (Aggregators that observe chunks themselves, such as
/// filter's ordered writer, keep one state per worker.)
/// </remarks>
public static class LogPipeline
{
    /// <summary>
    /// 1 GiB: the largest window mapped at once. A chunk is larger only when a single line spans
    /// more than the chunk size (a file without newlines); such a chunk is read instead, where
    /// the too-long line is skipped without being held in memory.
    /// </summary>
    public const long MaxMappedWindow = 1L << 30;

    private readonly record struct WorkUnit(InputSource Input, LogChunk Chunk, ILogFormat? Format);

    /// <summary>Runs the pipeline over <paramref name="options"/>' inputs.</summary>
    public static RunSummary Run(PipelineOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        // One state per worker is cheapest, and exact results do not depend on the split. Once a
        // budget bites they do: the run is abandoned and made again with one state per unit,
        // merged in merge order. Standard input cannot be read twice, so with it the run is
        // per unit from the start.
        var replayable = options.Inputs.All(i => i.Kind != InputKind.Stdin);
        var result = RunOnce(options, perUnit: !replayable, stopwatch);
        // (A cancelled run made again stops at once, with the usual partial result.)
        if (replayable && (result is null || result.Aggregate.IsApproximate))
            result = RunOnce(options, perUnit: true, stopwatch);
        return result!;
    }

    /// <summary>
    /// One pass over the inputs. <paramref name="perUnit"/>: one aggregator state per work unit,
    /// merged in <see cref="MergeOrder"/>; otherwise one per worker, and the pass stops early
    /// (returning null) as soon as a worker's state is approximate, since it will be made again.
    /// </summary>
    private static RunSummary? RunOnce(PipelineOptions options, bool perUnit, Stopwatch stopwatch)
    {
        var inputs = options.Inputs;
        var settings = WithReferenceTimes(options.Settings, inputs);
        var results = inputs.Select(i => new InputResult { Path = i.Path }).ToArray();
        var files = new ChunkedInputFile?[inputs.Count];
        var chunkLines = new long[inputs.Count][];
        var units = new List<WorkUnit>();
        options.Timings?.StartPass();
        var stageStart = Stopwatch.GetTimestamp();
        try
        {
            // Planning reads each file's first bytes (to detect its format) and its line ends: in
            // parallel, each thread with one file open at a time. A directory of many small files
            // spends most of its run here.
            var planned = new List<WorkUnit>[inputs.Count];
            Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) },
                i => planned[i] = Plan(inputs[i], options, settings, results[i], chunkLines, files));
            // Stream units first: they cannot be split, so starting them early shortens the run's tail.
            foreach (var inputUnits in planned) units.AddRange(inputUnits.Where(u => u.Input.Kind != InputKind.File));
            foreach (var inputUnits in planned) units.AddRange(inputUnits.Where(u => u.Input.Kind == InputKind.File));
            if (options.InInputOrder)
                units.Sort((a, b) => a.Input.Index != b.Input.Index ? a.Input.Index.CompareTo(b.Input.Index) : a.Chunk.ChunkIndex.CompareTo(b.Chunk.ChunkIndex));

            options.Timings?.Planned(stageStart);

            var threads = Math.Max(1, Math.Min(options.Threads, Math.Max(1, units.Count)));
            var workers = new Worker[threads];
            var next = -1;
            for (var w = 0; w < threads; w++) workers[w] = new Worker(options, settings, options.CreateAggregator());
            // A stream's size is unknown until it ends, so any stream input leaves the total unknown.
            options.Progress?.Start(inputs.All(i => i.Kind == InputKind.File) ? inputs.Sum(i => i.Length) : -1, Array.ConvertAll(workers, w => w.Counters));
            // Aggregators that order chunks themselves keep one state per worker, and are never approximate.
            var merger = perUnit && workers[0].Aggregator is not IChunkObserver ? new ChunkOrderMerger(MergeOrder(units)) : null;
            var abandoned = 0;
            var plan = Array.ConvertAll(chunkLines, c => c.Length);
            foreach (var worker in workers) (worker.Aggregator as IChunkPlanObserver)?.ChunksPlanned(plan);
            void RunWorker(Worker worker)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    RunUnits(worker);
                }
                finally
                {
                    worker.Busy = Stopwatch.GetElapsedTime(started);
                }
            }
            void RunUnits(Worker worker)
            {
                int u;
                while (!options.Cancellation.IsCancellationRequested && Volatile.Read(ref abandoned) == 0 && (u = Interlocked.Increment(ref next)) < units.Count)
                {
                    var unit = units[u];
                    var result = results[unit.Input.Index];
                    // The worker's first state serves its first unit; each later unit gets a fresh one.
                    if (merger is not null && worker.UnitsRun > 0) worker.Aggregator = options.CreateAggregator();
                    worker.UnitsRun++;
                    var observer = worker.Aggregator as IChunkObserver;
                    observer?.ChunkStarted(unit.Input.Index, unit.Chunk.ChunkIndex);
                    try
                    {
                        long lines;
                        if (unit.Input.Kind != InputKind.File)
                            lines = worker.RunStream(unit, result);
                        else if ((options.Io == IoStrategy.MemoryMapped || (options.Io == IoStrategy.Auto && files[unit.Input.Index]!.AutoMaps))
                                 && unit.Chunk.Length is > 0 and <= MaxMappedWindow)
                            lines = worker.RunMapped(unit, files[unit.Input.Index]!.Map, files[unit.Input.Index]!.Handle);
                        else
                            lines = worker.RunRead(unit, files[unit.Input.Index]!.Handle);
                        chunkLines[unit.Input.Index][unit.Chunk.ChunkIndex] = lines;
                        if (unit.Input.Kind == InputKind.File)
                        {
                            Interlocked.Add(ref result.Bytes, unit.Chunk.Length);
                            options.Progress?.Add(unit.Chunk.Length);
                        }
                    }
                    catch (OperationCanceledException) when (options.Cancellation.IsCancellationRequested)
                    {
                        return; // the run was stopped (e.g. stdout closed); whoever stopped it reports why
                    }
                    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                    {
                        lock (result) result.Error ??= InputError.Describe(e);
                        // A stream that fails part-way (corrupt or truncated gzip) keeps the lines read before it.
                        if (unit.Input.Kind != InputKind.File) chunkLines[unit.Input.Index][unit.Chunk.ChunkIndex] = worker.StreamLines;
                    }
                    finally
                    {
                        files[unit.Input.Index]?.ChunkDone();
                        observer?.ChunkFinished(unit.Input.Index, unit.Chunk.ChunkIndex);
                        merger?.Add(u, worker.Aggregator);
                        if (!perUnit && worker.Aggregator.IsApproximate) Volatile.Write(ref abandoned, 1);
                    }
                }
            }
            stageStart = Stopwatch.GetTimestamp();
            var pool = new Thread[threads - 1];
            for (var t = 0; t < pool.Length; t++)
            {
                var worker = workers[t + 1];
                pool[t] = new Thread(() => RunWorker(worker), 16 * 1024 * 1024) { IsBackground = true, Name = $"fastlog-worker-{t + 1}" };
                pool[t].Start();
            }
            RunWorker(workers[0]);
            foreach (var thread in pool) thread.Join();
            options.Timings?.Parsed(stageStart, Array.ConvertAll(workers, w => (w.Busy, w.UnitsRun)));
            options.Progress?.ReadingEnded();

            if (Volatile.Read(ref abandoned) != 0) return null;
            stageStart = Stopwatch.GetTimestamp();
            // Per-worker states merge in worker order; the result does not depend on it while it
            // is exact (an approximate one is made again per unit). Counters are exact sums.
            var aggregate = merger?.Finish() ?? workers[0].Aggregator;
            var counters = workers[0].Counters;
            for (var w = 1; w < workers.Length; w++)
            {
                if (merger is null) aggregate.Merge(workers[w].Aggregator);
                counters.Merge(workers[w].Counters);
            }
            for (var i = 0; i < inputs.Count; i++) results[i].Lines = chunkLines[i].Sum();
            var firstLines = ChunkFirstLines(chunkLines);
            var samples = FixUpSamples(counters, inputs, firstLines);
            options.Timings?.Merged(stageStart);
            return new RunSummary
            {
                ChunkFirstLines = firstLines,
                Aggregate = aggregate,
                Counters = counters,
                Samples = samples,
                Inputs = results,
                Elapsed = stopwatch.Elapsed,
            };
        }
        finally
        {
            // Files of chunks a cancelled run never started.
            foreach (var file in files) file?.Close();
        }
    }

    /// <summary>
    /// The work units of one input: one stream unit, or the chunks of a regular file (whose
    /// <see cref="ChunkedInputFile"/> goes to <paramref name="files"/>); none when it cannot be read.
    /// </summary>
    private static List<WorkUnit> Plan(InputSource input, PipelineOptions options, FormatSettings settings, InputResult result,
        long[][] chunkLines, ChunkedInputFile?[] files)
    {
        if (input.Kind != InputKind.File)
        {
            chunkLines[input.Index] = new long[1];
            return [new WorkUnit(input, new LogChunk(input.Index, 0, 0, -1), options.Format)];
        }
        try
        {
            // Opened to plan and closed at once: chunks reopen it when they run (ChunkedInputFile).
            using var handle = input.OpenFile();
            var sample = ReadSample(handle, input.Length);
            if (SkipsDigest(options.Format, sample, result))
            {
                chunkLines[input.Index] = [];
                return [];
            }
            var detected = options.Format ?? FormatDetector.Detect(sample, settings);
            if (NotText(detected, sample) is { } notText)
            {
                result.Error = notText;
                chunkLines[input.Index] = [];
                return [];
            }
            var format = options.Format ?? Resolve(detected, result, input.Length == 0);
            result.Format = format.Name;
            if (format.Reframer(sample) is not null)
            {
                // Records that are not one per line (a {"Records":[…]} file) are read as one stream.
                chunkLines[input.Index] = new long[1];
                return [new WorkUnit(input with { Kind = InputKind.Reframed }, new LogChunk(input.Index, 0, 0, -1), format)];
            }
            var chunkBytes = options.ChunkBytes ?? ChunkPlanner.ChooseChunkBytes(input.Length);
            var chunks = ChunkPlanner.Plan(handle, input.Index, input.Length, chunkBytes);
            chunkLines[input.Index] = new long[chunks.Count];
            files[input.Index] = new ChunkedInputFile(input, chunks.Count);
            var units = new List<WorkUnit>(chunks.Count);
            foreach (var chunk in chunks) units.Add(new WorkUnit(input, chunk, format));
            return units;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Error = InputError.Describe(e);
            chunkLines[input.Index] = [];
            return [];
        }
    }

    /// <summary>
    /// The merge position of each unit: file chunks by input and chunk index, then streams by
    /// input. A file's chunks are handed out in that order too, so few finished states wait for
    /// an earlier one; a long stream (handed out first) is merged last instead of holding up all.
    /// </summary>
    private static int[] MergeOrder(List<WorkUnit> units)
    {
        var order = Enumerable.Range(0, units.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var (x, y) = (units[a], units[b]);
            var streams = (x.Input.Kind != InputKind.File).CompareTo(y.Input.Kind != InputKind.File);
            if (streams != 0) return streams;
            return x.Input.Index != y.Input.Index ? x.Input.Index.CompareTo(y.Input.Index) : x.Chunk.ChunkIndex.CompareTo(y.Chunk.ChunkIndex);
        });
        var rank = new int[units.Count];
        for (var position = 0; position < order.Length; position++) rank[order[position]] = position;
        return rank;
    }

    private static byte[] ReadSample(SafeFileHandle handle, long length)
    {
        // The same sample as a stream's: past an oversized first line (see PrefixedStream.Peek).
        using var peek = PrefixedStream.Peek(new ChunkReadStream(handle, 0, length), FormatDetector.SampleBytes, out var sample);
        if (sample.Length < FormatDetector.SampleBytes || sample.Span.Contains((byte)'\n')) return sample.ToArray();
        // A first line longer than a stream may buffer: a file can skip it without holding it.
        var end = ChunkPlanner.LineEndAtOrAfter(handle, sample.Length, length, new byte[FormatDetector.SampleBytes]);
        if (end >= length) return sample.ToArray();
        var after = new byte[(int)Math.Min(FormatDetector.SampleBytes, length - end)];
        return after[..RandomAccess.Read(handle, after, end)];
    }

    /// <summary>
    /// Why an input whose first bytes are <paramref name="sample"/> is skipped (UTF-16, an
    /// executable, an unsupported compression, binary data), or null to read it. Parquet is binary
    /// and read.
    /// </summary>
    private static string? NotText(ILogFormat? format, ReadOnlySpan<byte> sample)
        => format?.Id == LogFormat.Parquet ? null : BinaryDetection.Describe(sample) is { } why ? why + "; input skipped" : null;

    /// <summary>
    /// Whether the input is a CloudTrail digest file to skip (<see cref="CloudTrailDigest"/>):
    /// unless another format than cloudtrail is forced; marks <paramref name="result"/> if so.
    /// </summary>
    private static bool SkipsDigest(ILogFormat? forced, ReadOnlySpan<byte> sample, InputResult result)
    {
        if (forced is not null && forced.Id != LogFormat.CloudTrail || !CloudTrailDigest.IsDigest(sample)) return false;
        result.SkippedDigest = true;
        return true;
    }

    private static ILogFormat Resolve(ILogFormat? detected, InputResult result, bool empty)
    {
        // An input no format can read is parsed as combined, so that every line is counted as
        // malformed with its reason rather than the input being skipped.
        result.FormatGuessed = detected is null && !empty;
        var format = detected ?? FormatRegistry.Get(LogFormat.Combined);
        result.Format = format.Name;
        return format;
    }

    /// <summary>Fills in each input's reference time for syslog year inference (its modification time; now for stdin) unless given.</summary>
    private static FormatSettings WithReferenceTimes(FormatSettings settings, IReadOnlyList<InputSource> inputs)
    {
        if (settings.ReferenceTimes.Count == inputs.Count) return settings;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var times = inputs.Select(i => i.Kind is InputKind.Stdin or InputKind.Pipe ? now : new DateTimeOffset(File.GetLastWriteTimeUtc(i.Path)).ToUnixTimeSeconds()).ToArray();
        return settings with { ReferenceTimes = times };
    }

    private static long[][] ChunkFirstLines(long[][] chunkLines)
    {
        var firstLine = new long[chunkLines.Length][];
        for (var i = 0; i < chunkLines.Length; i++)
        {
            var prefix = new long[chunkLines[i].Length];
            for (var c = 1; c < prefix.Length; c++) prefix[c] = prefix[c - 1] + chunkLines[i][c - 1];
            firstLine[i] = prefix;
        }
        return firstLine;
    }

    private static List<MalformedLine> FixUpSamples(ParseCounters counters, IReadOnlyList<InputSource> inputs, long[][] firstLine)
    {
        var all = new List<MalformedLine>();
        foreach (var list in counters.Samples)
        {
            foreach (var s in list)
            {
                all.Add(new MalformedLine(inputs[s.InputIndex].Path, firstLine[s.InputIndex][s.ChunkIndex] + s.LineIndexInChunk + 1,
                    s.FileOffset, s.Reason, s.Excerpt, s.Truncated, s.RegionLength));
            }
        }
        return all;
    }

    /// <summary>One worker's parsers, cutter state, counters and current aggregator.</summary>
    private sealed class Worker(PipelineOptions options, FormatSettings settings, IAggregator aggregator) : IBatchConsumer
    {
        private readonly Dictionary<LogFormat, LineBlockCutter> _cutters = new();

        /// <summary>The state batches go to now; the pipeline swaps it between units (the cutters feed the worker, which forwards).</summary>
        public IAggregator Aggregator { get; set; } = aggregator;
        public ParseCounters Counters { get; } = new();
        public int UnitsRun { get; set; }

        /// <summary>Time this worker spent taking and running units (<c>--timings</c>).</summary>
        public TimeSpan Busy { get; set; }

        /// <inheritdoc/>
        public void Consume(LogBatch batch, ReadOnlySpan<byte> block) => Aggregator.Consume(batch, block);

        /// <summary>Lines read from the last stream input, also when reading it failed part-way.</summary>
        public long StreamLines { get; private set; }

        private LineBlockCutter Cutter(ILogFormat format)
        {
            if (_cutters.TryGetValue(format.Id, out var cutter)) return cutter;
            var parser = format.CreateParser(options.Scanner, settings);
            if (options.SkipLinesWithoutLiteral && format.ValuesStandVerbatim && options.Where?.RequiredLiteral is { } literal) parser = new LiteralPrefilterParser(parser, literal);
            IBatchConsumer consumer = options.Where is { } where ? new FilteringBatchConsumer(where.CreatePredicate(), this) : this;
            return _cutters[format.Id] = new LineBlockCutter(parser, Counters, consumer);
        }

        private static LineBlockCutter.Cursor Start(WorkUnit unit) => new()
        {
            InputIndex = unit.Input.Index,
            ChunkIndex = unit.Chunk.ChunkIndex,
            FileOffset = unit.Chunk.Start,
        };

        public long RunRead(WorkUnit unit, SafeFileHandle handle)
        {
            var cursor = Start(unit);
            using var stream = new ChunkReadStream(handle, unit.Chunk.Start, unit.Chunk.Length);
            var cutter = Cutter(unit.Format!);
            cutter.BeginChunk(handle, cursor);
            cutter.FeedStream(stream, ref cursor);
            return cursor.LineIndex;
        }

        public unsafe long RunMapped(WorkUnit unit, MemoryMappedFile map, SafeFileHandle handle)
        {
            var cursor = Start(unit);
            var cutter = Cutter(unit.Format!);
            cutter.BeginChunk(handle, cursor);
            using var view = map.CreateViewAccessor(unit.Chunk.Start, unit.Chunk.Length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            try
            {
                // The caller maps only chunks up to MaxMappedWindow (1 GiB), within int range.
                var span = new ReadOnlySpan<byte>(pointer + view.PointerOffset, checked((int)unit.Chunk.Length));
                cutter.Feed(span, final: true, ref cursor);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
            return cursor.LineIndex;
        }

        public long RunStream(WorkUnit unit, InputResult result)
        {
            StreamLines = 0;
            var cursor = Start(unit);
            var raw = unit.Input.Kind == InputKind.Stdin ? options.OpenStdin() : unit.Input.OpenStream();
            var gzip = raw as GzipVerifyingStream;
            Stream stream = PrefixedStream.Peek(raw, FormatDetector.SampleBytes, out var sample);
            if ((unit.Input.Kind is InputKind.Stdin or InputKind.Pipe or InputKind.Unsized) && sample.Length >= 2 && sample.Span[0] == 0x1F && sample.Span[1] == 0x8B)
            {
                // gzip piped in (fastlog - < access.log.gz, <(cat access.log.gz)): decompress, and sniff the decompressed bytes.
                stream = PrefixedStream.Peek(gzip = new GzipVerifyingStream(stream), FormatDetector.SampleBytes, out sample);
            }
            if (SkipsDigest(unit.Format, sample.Span, result))
            {
                stream.Dispose();
                return 0;
            }
            var detected = unit.Format ?? FormatDetector.Detect(sample.Span, settings);
            if (NotText(detected, sample.Span) is { } notText)
            {
                stream.Dispose();
                throw new InvalidDataException(notText);
            }
            var format = unit.Format ?? Resolve(detected, result, sample.IsEmpty);
            result.Format = format.Name;
            // Bytes read are counted before reframing: the input's size, not the size of the lines made from it.
            var counted = stream;
            if (options.Progress is { } progress) stream = new ProgressReadStream(stream, progress);
            if (format.Reframer(sample.Span) is { } reframe) stream = reframe(stream);
            try
            {
                var cutter = Cutter(format);
                cutter.BeginChunk(null, cursor);
                cutter.FeedStream(stream, ref cursor);
            }
            finally
            {
                result.Bytes = counted.Position;
                result.Warning = gzip?.Warning;
                StreamLines = cursor.LineIndex;
                stream.Dispose();
                counted.Dispose();
            }
            return cursor.LineIndex;
        }
    }
}
