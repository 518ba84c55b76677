using System.Diagnostics;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Engine;
using FastLog.Input;
using FastLog.Output.Model;
using FastLog.Output.Sinks;
using FastLog.Output.Table;
using FastLog.Output.Text;
using FastLog.Runs;
using FastLog.Scanning;

namespace FastLog.Cli;

/// <summary>Runs one validated command: resolve inputs, run the pipeline, write the result, pick the exit code.</summary>
public static class CommandRunner
{
    /// <summary>Every command, in the order help and completion list them.</summary>
    public static readonly ICommand[] Commands =
    [
        new AnalyzeCommand(), new TopCommand(), new CountCommand(), new FilterCommand(), new StatsCommand(), new DetectCommand(),
        new ConvertCommand(), new GenerateCommand(), new FormatsCommand(), new MergeCommand(), new CompletionCommand(), new ManPage.Command(),
    ];

    private static readonly Dictionary<string, ICommand> s_byName = Commands.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The command named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No command has that name (<see cref="CliArgs"/> gives only known names).</exception>
    public static ICommand Find(string name) => s_byName[name];

    /// <summary>The command of <paramref name="args"/>.</summary>
    /// <exception cref="UsageException">No command was given, or the first argument is neither a command nor an input.</exception>
    public static ICommand Find(CliArgs args) => Find(args.Command ?? throw new UsageException(args.Positionals.Count > 0
        ? $"unknown command '{args.Positionals[0]}' (expected {string.Join(", ", Flags.Commands)}, or an existing file or directory to analyze)"
        : $"missing command (expected {string.Join(", ", Flags.Commands)})"));

    /// <summary>The version printed by --version and in reports.</summary>
    public static string Version => typeof(CommandRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Runs <paramref name="options"/>; returns the exit code.</summary>
    public static int Run(CliOptions options, IConsole console) => Run(options, console, project: true);

    /// <summary>
    /// Runs <paramref name="options"/>; with <paramref name="project"/> false, the parsers fill
    /// every field (the full parse that tests compare each projection with).
    /// </summary>
    public static int Run(CliOptions options, IConsole console, bool project)
    {
        if (options.Follow is not null) return FollowCommand.Run(options, console);
        var errors = new List<string>();
        var inputs = InputResolver.Resolve(options.InputArgs, errors);
        if (inputs.Count == 0 && errors.Count == 0) throw new UsageException("no input files found");
        if (options.Shard is not null && inputs.FirstOrDefault(i => i.Kind is InputKind.Stdin or InputKind.Pipe) is { } stream)
            throw new UsageException($"--shard cuts regular files; {stream.Path} is a stream, which one task reads whole (give it without --shard)");
        // Opened before any input is read: a path that cannot be written fails at once.
        // Report tables go to files of a directory (-o DIR), written when the report is built.
        using var output = ReportTableOptions.WritesDirectory(options) ? OutputFile.ForStream(Stream.Null) : OutputTargets.Open(options.PartialPath ?? options.OutputPath, console, inputs);
        if (options.Command == CommandName.Filter) return FilterCommand.Run(options, console, output, inputs, errors);
        using var feedback = RunFeedback.Start(options, console);
        var pipelineOptions = new PipelineOptions
        {
            Inputs = inputs,
            CreateAggregator = AggregatorFactory(options),
            Format = options.Format,
            Settings = project ? options.Settings with { Projection = Projection(options) } : options.Settings,
            Threads = options.Threads,
            Io = options.Io,
            Scanner = options.Scanner,
            ChunkBytes = options.ChunkBytes,
            Shard = options.Shard,
            HashInputs = options.PartialPath is not null,
            OpenStdin = console.OpenStdin,
            Where = options.Where,
            // Only analyze reports parsed/malformed line counts; the others may skip lines unparsed.
            SkipLinesWithoutLiteral = options.Command != CommandName.Analyze,
            Progress = feedback.Progress,
            Timings = feedback.Timings,
        };
        var result = LogPipeline.Run(pipelineOptions);
        feedback.ReadingEnded();
        var reportStart = Stopwatch.GetTimestamp();
        var exitCode = Finish(options, console, output, result, errors);
        feedback.WriteTimings(Stopwatch.GetElapsedTime(reportStart));
        return exitCode;
    }

    /// <summary>
    /// The fields <paramref name="options"/>' command reads, or null for all: count, top and stats
    /// read their --by fields and the stats field (a record's time is always parsed, as its
    /// grammar is checked); analyze and detect read everything, and so does a run with --where
    /// (or --since/--until), whose expression may name any field.
    /// </summary>
    public static IReadOnlySet<LogField>? Projection(CliOptions options)
    {
        if (options.Command is not (CommandName.Count or CommandName.Top or CommandName.Stats) || options.Where is not null || options.PartialPath is not null) return null;
        var fields = new HashSet<LogField>(options.GroupBy);
        if (options.StatsField is { } stats) fields.Add(stats);
        return fields;
    }

    /// <summary>Makes the aggregator of <paramref name="options"/>' command (one per worker; merge makes one per partial).</summary>
    internal static Func<IAggregator> AggregatorFactory(CliOptions options) => Report(options.Command).Aggregator(options);

    /// <summary>The report command named <paramref name="name"/> (analyze, top, count, stats, detect).</summary>
    private static ReportCommand Report(string name) => (ReportCommand)Find(name);

    /// <summary>
    /// Reports the inputs' errors and warnings, then writes the report (or with <c>--partial</c> the
    /// state, with <paramref name="shards"/> as its inputs when merge already knows them) and picks the exit code.
    /// </summary>
    internal static int Finish(CliOptions options, IConsole console, OutputFile output, RunSummary result, List<string> errors, IReadOnlyList<Partials.ShardInput>? shards = null)
    {
        var stderr = console.Stderr;
        foreach (var input in result.Inputs)
        {
            if (input.Error is not null) errors.Add($"{input.Path}: {input.Error}");
            if (input.FormatGuessed) stderr.Write($"fastlog: warning: {TerminalText.Escape(input.Path)}: no known format recognised; read as combined, unparsed lines are counted as malformed\n");
            if (input.Warning is not null) stderr.Write($"fastlog: warning: {TerminalText.Escape(input.Path)}: {TerminalText.Escape(input.Warning)}\n");
        }
        if (options.PartialPath is not null) return PartialOutput.Write(options, console, output, result, errors, shards);

        var findings = Findings(options, result);
        var approximate = false;
        var bars = Bars(options, console);
        WriteOutput(output, stream => approximate = WriteResult(options, result, findings, stream, bars));
        // One line, whatever the output format: a capped figure must never pass for an exact one.
        if (approximate)
            stderr.Write($"fastlog: warning: approximate results: a table went past its memory budget (--max-keys {options.Budget.MaxKeys}); the output marks the figures that are estimates or lower bounds\n");
        foreach (var error in errors) stderr.Write($"fastlog: error: {TerminalText.Escape(error)}\n");
        if (errors.Count > 0) return 1;
        // Exit 4 (--fail-on-findings): after the output is written, so CI jobs still get the findings.
        return options.FailOnFindings is { } floor && findings is { Findings.Count: > 0 } found && found.Findings.Max(f => f.Rule.Severity) >= floor ? 4 : 0;
    }

    /// <summary>
    /// The run's findings (built-in and custom rules), enriched from <c>--geoip</c>, and whether a
    /// table went past its budget; null when no detection ran. Computed before any output, so a
    /// corrupt database is one clean error rather than a half-written report.
    /// </summary>
    internal static (List<Finding> Findings, bool Approximate)? Findings(CliOptions options, RunSummary result)
    {
        if (Report(options.Command).Detection(options, result.Aggregate) is not { } detection) return null;
        var found = (Findings: DetectionFindings.Extract(detection), Approximate: detection.IsApproximate);
        if (options.GeoIp is null) return found;
        try
        {
            return (options.GeoIp.Enrich(found.Findings), found.Approximate);
        }
        catch (InvalidDataException e)
        {
            throw new IOException($"--geoip: corrupt database: {e.Message}", e);
        }
    }

    /// <summary>Writes the command's result; returns whether any of it is approximate (a memory budget capped or estimated it).</summary>
    internal static bool WriteResult(CliOptions options, RunSummary result, (List<Finding> Findings, bool Approximate)? detected, Stream output, TerminalBars bars)
        => Report(options.Command).Write(options, result, detected, output, bars);

    /// <summary>
    /// Bars in the table report: only when it goes to a terminal and not with <c>--stable</c>, so
    /// pipes, files and scripted runs keep their exact bytes; <c>#</c> with <c>--ascii</c> or a
    /// locale that is not UTF-8 (the first of LC_ALL, LC_CTYPE, LANG that is set decides).
    /// </summary>
    private static TerminalBars Bars(CliOptions options, IConsole console)
    {
        if (options.Stable || options.OutputPath is not null || !console.StdoutIsTerminal || options.Output != OutputName.Table) return TerminalBars.None;
        if (options.Ascii) return TerminalBars.Ascii;
        var locale = new[] { "LC_ALL", "LC_CTYPE", "LANG" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";
        var utf8 = locale.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || locale.Contains("utf8", StringComparison.OrdinalIgnoreCase);
        return utf8 ? TerminalBars.Blocks : TerminalBars.Ascii;
    }

    /// <summary>The run-dependent figures of a report; null with <c>--stable</c>.</summary>
    internal static RunInfo? RunFigures(CliOptions options, RunSummary result) => options.Stable ? null : new RunInfo
    {
        ElapsedSeconds = Math.Round(result.Elapsed.TotalSeconds, 3),
        MbPerSecond = Math.Round(result.Bytes / 1e6 / Math.Max(result.Elapsed.TotalSeconds, 1e-9), 1),
        RecordsPerSecond = Math.Round(result.Counters.Parsed / Math.Max(result.Elapsed.TotalSeconds, 1e-9)),
        Threads = options.Threads,
        Io = options.Io.ToString().ToLowerInvariant(),
        Scanner = ScannerFactory.NameOf(options.Scanner),
    };

    private static void WriteOutput(OutputFile output, Action<Stream> write)
    {
        // Not disposed: that would close the output, which its owner does after Commit.
        var buffered = new BufferedStream(output.Stream, 1 << 16);
        write(buffered);
        buffered.Flush();
        output.Commit();
    }
}
