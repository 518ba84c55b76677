using System.Diagnostics;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
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
        var hashes = new BlockHashes?[inputs.Count];
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
            if (options.HashInputs)
                for (var i = 0; i < inputs.Count; i++)
                    if (files[i] is not null) hashes[i] = new BlockHashes(inputs[i].Length);
            // Stream units first: they cannot be split, so starting them early shortens the run's tail.
            foreach (var inputUnits in planned) units.AddRange(inputUnits.Where(u => u.Input.Kind != InputKind.File));
            foreach (var inputUnits in planned) units.AddRange(inputUnits.Where(u => u.Input.Kind == InputKind.File));
            if (options.InInputOrder)
                units.Sort((a, b) => a.Input.Index != b.Input.Index ? a.Input.Index.CompareTo(b.Input.Index) : a.Chunk.ChunkIndex.CompareTo(b.Chunk.ChunkIndex));

            options.Timings?.Planned(stageStart);

            var threads = Math.Max(1, Math.Min(options.Threads, Math.Max(1, units.Count)));
            var fileBytes = units.Sum(u => u.Input.Kind == InputKind.File ? u.Chunk.Length : 0);
            var streams = units.Any(u => u.Input.Kind != InputKind.File);
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
                    // The worker's first state serves its first unit; each later unit gets a fresh one,
                    // sized like the worker's previous unit's.
                    if (merger is not null && worker.UnitsRun > 0) worker.Aggregator = worker.NextAggregator ?? options.CreateAggregator();
                    worker.UnitsRun++;
                    var observer = worker.Aggregator as IChunkObserver;
                    observer?.ChunkStarted(unit.Input.Index, unit.Chunk.ChunkIndex);
                    try
                    {
                        long lines;
                        if (unit.Input.Kind != InputKind.File)
                            lines = worker.RunStream(unit, result);
                        else if (files[unit.Input.Index]!.MapsChunk(options.Io, unit.Chunk))
                            lines = worker.RunMapped(unit, files[unit.Input.Index]!, hashes[unit.Input.Index]);
                        else
                            lines = worker.RunRead(unit, files[unit.Input.Index]!.Handle, hashes[unit.Input.Index]);
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
                        // Sized before the merger has the state: once handed over, it may be the growing total.
                        if (merger is not null) worker.NextAggregator = worker.Aggregator.CreateSizedLike();
                        merger?.Add(u, worker.Aggregator);
                        if (unit.Input.Kind == InputKind.File) worker.FileBytesRun += unit.Chunk.Length;
                        if (!perUnit && (worker.Aggregator.IsApproximate || ForeseesBudgetPassed(worker, fileBytes, streams)))
                            Volatile.Write(ref abandoned, 1);
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
            for (var i = 0; i < inputs.Count; i++)
                if (hashes[i] is { } blocks) results[i].ContentHash = results[i].ShardRange is { } range ? blocks.Combine(range.Start, range.End) : blocks.Combine(0, inputs[i].Length);
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
    /// Whether <paramref name="worker"/>'s state, the units it ran extrapolated to the whole
    /// input, passes a table's budget: the first pass is then abandoned at once rather than
    /// finished and made again (on a log where every path is distinct the workers' tables each
    /// stay within the budget and only their merge passes it, so the first pass ran to its end).
    /// </summary>
    /// <remarks>
    /// Extrapolating linearly from the worker's own units counts keys other workers may also
    /// hold, and keys that stop being new (a pool of clients) as if they stayed new: it foresees
    /// too much rather than too little. A wrong forecast costs time only: the per-unit pass gives
    /// the exact result of the per-worker one when no budget bites, and a missed one leaves the
    /// run as before (merged, found approximate, made again). It waits for 1/16 of the input
    /// from this worker so that one chunk's burst of new keys does not decide, and without sizes
    /// (a stream) it waits for the worker's state itself to fill a budget.
    /// </remarks>
    private static bool ForeseesBudgetPassed(Worker worker, long fileBytes, bool streams)
    {
        const int MinimumShareOfInput = 16;
        if (streams || worker.FileBytesRun == 0 || worker.FileBytesRun * MinimumShareOfInput < fileBytes) return false;
        return worker.Aggregator.BudgetShare * fileBytes / worker.FileBytesRun > 1;
    }

    /// <summary>
    /// The work units of one input (<see cref="InputPlanner.Plan"/>): one stream unit, or the
    /// chunks of a regular file (whose <see cref="ChunkedInputFile"/> goes to <paramref name="files"/>);
    /// none when it is skipped or cannot be read.
    /// </summary>
    private static List<WorkUnit> Plan(InputSource input, PipelineOptions options, FormatSettings settings, InputResult result,
        long[][] chunkLines, ChunkedInputFile?[] files)
    {
        // A shard reads its part of one run's chunks of a file (more of them than one run cuts, so no shard is empty).
        var chunkBytes = options.Shard is { } cut && input.Kind == InputKind.File ? cut.ChunkBytes(input.Length, options.ChunkBytes) : options.ChunkBytes;
        var plan = InputPlanner.Plan(input, options.Format, settings, chunkBytes);
        if (input.Kind == InputKind.File) Record(plan.Sniff, result);
        result.Error = plan.Error ?? plan.Sniff.NotText;
        chunkLines[input.Index] = new long[plan.Chunks.Count];
        var units = new List<WorkUnit>(plan.Chunks.Count);
        // A shard keeps the whole plan's chunk indices (the others count no lines), so its line numbers
        // run from its first chunk; an input not cut into chunks belongs whole to shard 0 (FileShard).
        foreach (var chunk in plan.Chunks)
            if (options.Shard is not { } part || (plan.IsChunkedFile ? part.Owns(chunk.ChunkIndex, plan.Chunks.Count) : part.Owns(0, 1)))
                units.Add(new WorkUnit(plan.Input, chunk, plan.Sniff.Format));
        if (plan.IsChunkedFile && units.Count > 0) files[input.Index] = new ChunkedInputFile(input, units.Count);
        if (plan.IsChunkedFile && options.Shard is not null)
            result.ShardRange = units.Count == 0 ? (input.Length, input.Length) : (units[0].Chunk.Start, units[^1].Chunk.Start + units[^1].Chunk.Length);
        return units;
    }

    /// <summary>Notes in <paramref name="result"/> the format an input is read as, or that it is a skipped digest.</summary>
    private static void Record(InputSniff sniff, InputResult result)
    {
        result.SkippedDigest = sniff.SkippedDigest;
        result.FormatGuessed = sniff.FormatGuessed;
        result.Format = sniff.Format?.Name;
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

        /// <summary>In a run with one state per unit, the state for this worker's next unit (null: the factory's).</summary>
        public IAggregator? NextAggregator { get; set; }

        /// <summary>Bytes of the file chunks this worker ran.</summary>
        public long FileBytesRun { get; set; }

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

        public long RunRead(WorkUnit unit, SafeFileHandle handle, BlockHashes? hashes)
        {
            var cursor = Start(unit);
            var hasher = hashes?.ForChunk(unit.Chunk.Start, unit.Chunk.Start + unit.Chunk.Length);
            using var stream = new ChunkReadStream(handle, unit.Chunk.Start, unit.Chunk.Length, hasher);
            var cutter = Cutter(unit.Format!);
            cutter.BeginChunk(handle, cursor);
            cutter.FeedStream(stream, ref cursor);
            hasher?.Finish(handle);
            return cursor.LineIndex;
        }

        public long RunMapped(WorkUnit unit, ChunkedInputFile file, BlockHashes? hashes)
        {
            using var mapped = file.MapChunk(unit.Chunk);
            var cursor = Start(unit);
            var cutter = Cutter(unit.Format!);
            cutter.BeginChunk(file.Handle, cursor);
            cutter.Feed(mapped.Bytes, final: true, ref cursor);
            if (hashes?.ForChunk(unit.Chunk.Start, unit.Chunk.Start + unit.Chunk.Length) is { } hasher)
            {
                hasher.Append(mapped.Bytes);
                hasher.Finish(file.Handle);
            }
            return cursor.LineIndex;
        }

        public long RunStream(WorkUnit unit, InputResult result)
        {
            StreamLines = 0;
            var cursor = Start(unit);
            var raw = unit.Input.Kind == InputKind.Stdin ? options.OpenStdin() : unit.Input.OpenStream();
            var (stream, gzip, sniff, reframe) = InputPlanner.OpenStream(raw, unit.Input.Kind, unit.Format, settings);
            if (sniff.Format is not { } format)
            {
                stream.Dispose();
                if (sniff.NotText is { } notText) throw new InvalidDataException(notText);
                result.SkippedDigest = true;
                return 0;
            }
            Record(sniff, result);
            // Bytes read are counted before reframing: the input's size, not the size of the lines made from it.
            var counted = stream;
            if (options.Progress is { } progress) stream = new ProgressReadStream(stream, progress);
            if (reframe is not null) stream = reframe(stream);
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
