using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using FastLog.Columns;
using FastLog.Engine;
using FastLog.Formats.Parquet;
using FastLog.Input;
using FastLog.Output.Filter;
using FastLog.Output.Parquet;
using FastLog.Output.Sinks;
using FastLog.Output.Text;

namespace FastLog.Cli;

/// <summary>
/// <c>fastlog filter</c>: prints the matching records while the pipeline runs, in input order
/// whatever the thread count — raw lines (escaped only when stdout is a terminal) or the chosen
/// fields as JSONL, CSV or Parquet.
/// </summary>
/// <remarks>
/// Unlike the other commands, output starts before the run ends: the pipeline hands out chunks in
/// input order and each worker's output goes through one <see cref="OrderedChunkWriter"/>. When
/// stdout closes (<c>| head</c>) the writer cancels the run and the command exits 0 at once.
/// </remarks>
public sealed class FilterCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => CommandName.Filter;

    /// <inheritdoc/>
    public IReadOnlyCollection<string> FlagNames { get; } = [.. FlagCheck.Reading, "--fields", .. FlagCheck.Follow, "--line-buffered"];

    int ICommand.Run(CliArgs args, IConsole console) => CommandRunner.Run(CliOptions.From(args), console);

    /// <summary>raw lines (the default; jsonl with <c>--fields</c>), jsonl, csv or parquet.</summary>
    public string Output(CliArgs args)
    {
        var output = args.Values.GetValueOrDefault("--output", args.Values.ContainsKey("--fields") ? OutputName.Jsonl : OutputName.Raw);
        QueryOptions.CheckFilterOutput(output);
        return output;
    }

    /// <summary>Runs the filter over <paramref name="inputs"/>; returns the exit code.</summary>
    public static int Run(CliOptions options, IConsole console, OutputFile output, IReadOnlyList<InputSource> inputs, List<string> errors)
        => Run(options, console, output, inputs, errors, options.Output, options.Fields);

    /// <summary>
    /// Runs the filter writing <paramref name="fields"/> in <paramref name="outputFormat"/>
    /// (raw, jsonl, csv or parquet) to <paramref name="target"/> (opened by the caller before any
    /// input is read); <c>convert</c> comes here with the fields of its inputs and
    /// <paramref name="withFormat"/>, which leads jsonl and csv rows with each record's format.
    /// </summary>
    public static int Run(CliOptions options, IConsole console, OutputFile target, IReadOnlyList<InputSource> inputs, List<string> errors,
        string outputFormat, IReadOnlyList<LogField> fields, bool withFormat = false)
    {
        var terminal = options.OutputPath is null && console.StdoutIsTerminal;
        var parquet = outputFormat == OutputName.Parquet;
        if (parquet && terminal) throw new UsageException("parquet is binary: give -o PATH or redirect standard output");
        var format = outputFormat switch
        {
            OutputName.Jsonl => FilterOutputFormat.Jsonl,
            OutputName.Csv => FilterOutputFormat.Csv,
            _ => terminal ? FilterOutputFormat.RawEscaped : FilterOutputFormat.Raw,
        };
        using var cancel = new CancellationTokenSource();
        var output = target.Stream;
        // Parquet: the ordered records go to a sink that builds row groups (Output/Parquet).
        using var sink = parquet ? new ParquetFileSink(output, fields, CommandRunner.Version) : null;
        var writer = new OrderedChunkWriter(sink ?? output, cancel);
        if (format == FilterOutputFormat.Csv && !parquet)
            output.Write(Encoding.UTF8.GetBytes((withFormat ? ParquetLayout.FormatColumn + "," : "") + string.Join(',', fields.Select(FieldNames.Name)) + "\n"));
        Func<Aggregation.IAggregator> createAggregator = sink is not null
            ? () => new ParquetRecordEncoder(writer, sink.Fields)
            : () => new FilteredRecordWriter(writer, format, fields, terminal, withFormat);

        using var feedback = RunFeedback.Start(options, console, outputWhileReading: options.OutputPath is null);
        var result = LogPipeline.Run(new PipelineOptions
        {
            Inputs = inputs,
            CreateAggregator = createAggregator,
            Format = options.Format,
            Settings = options.Settings,
            Threads = options.Threads,
            Io = options.Io,
            Scanner = options.Scanner,
            ChunkBytes = options.ChunkBytes ?? OrderedChunkWriter.PreferredChunkBytes,
            OpenStdin = console.OpenStdin,
            Where = options.Where,
            InInputOrder = true,
            SkipLinesWithoutLiteral = true,
            Cancellation = cancel.Token,
            Progress = feedback.Progress,
            Timings = feedback.Timings,
        });
        feedback.ReadingEnded();
        var reportStart = Stopwatch.GetTimestamp();
        // OutputClosedException (stdout closed) ends the run quietly with exit 0; other write
        // failures are runtime errors (exit 1). Either way nothing is committed.
        if (writer.Failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        writer.Flush();
        sink?.Complete();
        target.Commit();

        foreach (var input in result.Inputs)
        {
            if (input.Error is not null) errors.Add($"{input.Path}: {input.Error}");
            if (input.FormatGuessed) console.Stderr.Write($"fastlog: warning: {TerminalText.Escape(input.Path)}: no known format recognised; read as combined, unparsed lines are counted as malformed\n");
            if (input.Warning is not null) console.Stderr.Write($"fastlog: warning: {TerminalText.Escape(input.Path)}: {TerminalText.Escape(input.Warning)}\n");
        }
        foreach (var error in errors) console.Stderr.Write($"fastlog: error: {TerminalText.Escape(error)}\n");
        // Filter writes while it reads: its report stage is the last flush and the commit.
        feedback.WriteTimings(Stopwatch.GetElapsedTime(reportStart));
        return errors.Count > 0 ? 1 : 0;
    }
}
