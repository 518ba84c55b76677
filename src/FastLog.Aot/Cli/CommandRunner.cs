using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FastLog.Aggregation;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Detection.Custom;
using FastLog.Output.Findings;
using FastLog.Engine;
using FastLog.Input;
using FastLog.Output;
using FastLog.Output.GroupBy;
using FastLog.Output.Html;
using FastLog.Output.Json;
using FastLog.Output.Model;
using FastLog.Output.Sinks;
using FastLog.Output.Stats;
using FastLog.Output.Table;
using FastLog.Output.Tables;
using FastLog.Output.Text;
using FastLog.Runs;
using FastLog.Scanning;

namespace FastLog.Cli;

/// <summary>Runs one validated command: resolve inputs, run the pipeline, write the result, pick the exit code.</summary>
public static class CommandRunner
{
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
        // Opened before any input is read: a path that cannot be written fails at once.
        // Report tables go to files of a directory (-o DIR), written when the report is built.
        using var output = ReportTableOptions.WritesDirectory(options) ? OutputFile.ForStream(Stream.Null) : OutputTargets.Open(options.PartialPath ?? options.OutputPath, console, inputs);
        if (options.Command == "filter") return FilterCommand.Run(options, console, output, inputs, errors);
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
            OpenStdin = console.OpenStdin,
            Where = options.Where,
            // Only analyze reports parsed/malformed line counts; the others may skip lines unparsed.
            SkipLinesWithoutLiteral = options.Command != "analyze",
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
        if (options.Command is not ("count" or "top" or "stats") || options.Where is not null || options.PartialPath is not null) return null;
        var fields = new HashSet<LogField>(options.GroupBy);
        if (options.StatsField is { } stats) fields.Add(stats);
        return fields;
    }

    /// <summary>Makes the aggregator of <paramref name="options"/>' command (one per worker; merge makes one per partial).</summary>
    internal static Func<IAggregator> AggregatorFactory(CliOptions options)
        => options.StatsField is { } statsField
            ? () => new StatsAggregator(statsField, options.GroupBy, options.Budget)
            : options.Command == "detect" ? () => new DetectionAggregator(options.Budget, options.Thresholds.Auth with { Addresses = options.Addresses },
                options.Thresholds.CloudTrail, options.Rules, webOptions: options.Thresholds.Web)
            // analyze always gets the per-format views; the rules run only with --detect.
            : options.Command == "analyze" ? () => new AnalysisAggregator(options.Budget, options.Detect, options.Thresholds.Auth with { Addresses = options.Addresses },
                options.Rules, options.Thresholds.Web, options.Thresholds.CloudTrail)
            : options.GroupBy.Count > 0 ? () => new GroupByAggregator(options.GroupBy, options.Budget) : () => new CountAggregator();

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
        var detection = result.Aggregate switch
        {
            DetectionAggregator d => d,
            AnalysisAggregator { Detect: true } a => a.Detection,
            _ => null,
        };
        if (detection is null) return null;
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
    {
        switch (result.Aggregate)
        {
            case AnalysisAggregator or AccessAggregator:
                var report = new ReportBuilder(result, options.Top, Run(options, result), Version, filtered: options.Where is not null, options.Addresses, detected).Build();
                if (ReportTableOptions.WritesDirectory(options))
                {
                    ReportTablesWriter.Write(ReportTables.Of(report), options.OutputPath!, options.Output, Version);
                }
                else if (options.Output == "html")
                {
                    HtmlReportWriter.Write(report, detected is { } withFindings ? EvidenceLine.Of(withFindings.Findings, result) : null, output);
                }
                else if (options.Output == "json")
                {
                    JsonSerializer.Serialize(output, report, ReportJsonContext.Default.Report);
                    output.WriteByte((byte)'\n');
                }
                else
                {
                    using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                    TableReportWriter.Write(report, writer, bars);
                }
                return report.Overview.Approximate;
            case DetectionAggregator:
                var (findings, approximate) = detected!.Value;
                if (options.Output == "html")
                {
                    var detection = new ReportBuilder(result, options.Top, Run(options, result), Version, addresses: options.Addresses, detected: detected).BuildDetection();
                    HtmlReportWriter.Write(detection, EvidenceLine.Of(findings, result), output);
                }
                else if (options.Output == "jsonl")
                {
                    FindingsWriter.WriteJsonLines(findings, result, output, options.Addresses, approximate);
                }
                else if (options.Output == "json")
                {
                    FindingsWriter.WriteJsonArray(findings, result, output, options.Addresses, approximate);
                }
                else
                {
                    using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                    FindingsWriter.WriteTable(findings, writer, options.Addresses);
                    if (approximate) writer.Write("approximate: a table went past its memory budget (--max-keys); findings may be incomplete\n");
                }
                return approximate;
            case GroupByAggregator groups:
                GroupByReportWriter.Write(groups, options.Top, options.Output, output);
                return groups.Groups.IsApproximate;
            case StatsAggregator stats:
                StatsReportWriter.Write(stats, options.Top, options.Output, output);
                return stats.IsApproximate;
            default:
                // The records that reached the aggregator: all parsed ones, or those --where kept.
                var count = ((CountAggregator)result.Aggregate).Records;
                var text = options.Output switch
                {
                    "csv" => $"count\n{count}\n",
                    "json" => $"{{\"count\": {count}}}\n",
                    _ => $"{count}\n",
                };
                output.Write(Encoding.ASCII.GetBytes(text));
                return false;
        }
    }

    /// <summary>
    /// Bars in the table report: only when it goes to a terminal and not with <c>--stable</c>, so
    /// pipes, files and scripted runs keep their exact bytes; <c>#</c> with <c>--ascii</c> or a
    /// locale that is not UTF-8 (the first of LC_ALL, LC_CTYPE, LANG that is set decides).
    /// </summary>
    private static TerminalBars Bars(CliOptions options, IConsole console)
    {
        if (options.Stable || options.OutputPath is not null || !console.StdoutIsTerminal || options.Output != "table") return TerminalBars.None;
        if (options.Ascii) return TerminalBars.Ascii;
        var locale = new[] { "LC_ALL", "LC_CTYPE", "LANG" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";
        var utf8 = locale.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || locale.Contains("utf8", StringComparison.OrdinalIgnoreCase);
        return utf8 ? TerminalBars.Blocks : TerminalBars.Ascii;
    }

    /// <summary>The run-dependent figures of a report; null with <c>--stable</c>.</summary>
    private static RunInfo? Run(CliOptions options, RunSummary result) => options.Stable ? null : new RunInfo
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
