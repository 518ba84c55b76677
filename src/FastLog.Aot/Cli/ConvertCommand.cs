using FastLog.Columns;
using FastLog.Formats;
using FastLog.Formats.Parquet;
using FastLog.Input;

namespace FastLog.Cli;

/// <summary>
/// <c>fastlog convert --to parquet|csv|jsonl</c>: the parsed columns of every record (or those
/// <c>--where</c> keeps), in input order, through <see cref="FilterCommand"/>'s writers.
/// </summary>
/// <remarks>
/// The default columns are the fields of the inputs' formats, detected here before the run from
/// the same 64 KiB sample the pipeline sniffs (standard input is peeked and replayed), plus
/// <c>ts</c>; for mixed formats the union in schema order, null where a format lacks a field.
/// </remarks>
public sealed class ConvertCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => CommandName.Convert;

    /// <summary>Those of every reading command (but <c>--output</c>: convert writes <c>--to</c>), and <c>--fields</c>.</summary>
    public IReadOnlyCollection<string> FlagNames { get; } = [.. FlagCheck.Reading.Where(flag => flag != "--output"), "--fields"];

    /// <inheritdoc/>
    public string? Refusal(string flag, CliArgs args) => flag == "--output" ? "convert takes --to parquet|csv|jsonl, not --output" : null;

    int ICommand.Run(CliArgs args, IConsole console) => Run(CliOptions.From(args), console);

    /// <summary>convert's output is its <c>--to</c>.</summary>
    public string Output(CliArgs args) => Target(args);

    /// <summary>What convert writes.</summary>
    public static readonly string[] Targets = [OutputName.Parquet, OutputName.Csv, OutputName.Jsonl];

    /// <summary>The validated <c>--to</c>.</summary>
    public static string Target(CliArgs args)
    {
        if (!args.Values.TryGetValue("--to", out var to)) throw new UsageException("convert needs --to parquet|csv|jsonl");
        if (!Targets.Contains(to)) throw new UsageException($"--to: convert writes parquet, csv or jsonl, not '{to}'");
        return to;
    }

    /// <summary>Runs the conversion; returns the exit code.</summary>
    public static int Run(CliOptions options, IConsole console)
    {
        var errors = new List<string>();
        var inputs = InputResolver.Resolve(options.InputArgs, errors);
        if (inputs.Count == 0 && errors.Count == 0) throw new UsageException("no input files found");
        if (options.Output == OutputName.Parquet && options.OutputPath is null && console.StdoutIsTerminal)
            throw new UsageException("parquet is binary: give -o PATH or redirect standard output");
        // Opened before the inputs are sampled for their fields: a path that cannot be written fails at once.
        using var output = OutputTargets.Open(options.OutputPath, console, inputs);
        var peeked = new PeekedConsole(console);
        var fields = options.Fields.Count > 0 ? options.Fields : DefaultFields(options, inputs, peeked);
        return FilterCommand.Run(options, peeked, output, inputs, errors, options.Output, fields, withFormat: true);
    }

    /// <summary>The fields of every input's format, in schema order, with ts (and repeat for syslog formats).</summary>
    private static List<LogField> DefaultFields(CliOptions options, IReadOnlyList<InputSource> inputs, PeekedConsole console)
    {
        var wanted = new HashSet<LogField> { LogField.Ts };
        foreach (var input in inputs)
        {
            if (options.Format is { Id: not LogFormat.Parquet } forced)
            {
                Add(forced);
                continue;
            }
            var sample = Sample(input, console);
            if (ParquetFormat.IsParquet(sample.Span))
            {
                // A Parquet input (re-conversion): the columns it stores.
                if (input.Kind == InputKind.File) wanted.UnionWith(ParquetFormat.StoredFields(input.Path));
                else wanted.UnionWith(FieldNames.All.Select(f => f.Field).Where(Formats.Parquet.ParquetLayout.IsStored));
                continue;
            }
            Add(FormatDetector.Detect(sample.Span, options.Settings) ?? FormatRegistry.Get(LogFormat.Combined));
        }
        return [.. FieldNames.All.Select(f => f.Field).Where(wanted.Contains)];

        void Add(ILogFormat format)
        {
            wanted.UnionWith(format.FieldsWith(options.Settings));
            if (format.Id.IsSyslog()) wanted.Add(LogField.Repeat);
        }
    }

    private static ReadOnlyMemory<byte> Sample(InputSource input, PeekedConsole console)
    {
        try
        {
            if (input.Kind == InputKind.Stdin) return console.Sample;
            // A pipe is read once: its first bytes are kept and replayed to the run.
            if (input.Kind == InputKind.Pipe) return input.Pipe!.Peek(FormatDetector.SampleBytes);
            using var stream = input.Kind == InputKind.File ? new FileStream(input.OpenFile(), FileAccess.Read, 1) : input.OpenStream();
            using var peek = PrefixedStream.Peek(stream, FormatDetector.SampleBytes, out var sample);
            return sample;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // The run reports the unreadable input; its fields are simply not added.
            return ReadOnlyMemory<byte>.Empty;
        }
    }

    /// <summary>The console with standard input's first bytes read once for detection and replayed to the run.</summary>
    private sealed class PeekedConsole(IConsole inner) : IConsole
    {
        private PrefixedStream? _stdin;
        private ReadOnlyMemory<byte> _sample;

        public ReadOnlyMemory<byte> Sample
        {
            get
            {
                _stdin ??= PrefixedStream.Peek(inner.OpenStdin(), FormatDetector.SampleBytes, out _sample);
                return _sample;
            }
        }

        public Stream OpenStdout() => inner.OpenStdout();

        public Stream OpenStdin()
        {
            if (_stdin is null) return inner.OpenStdin();
            var stdin = _stdin;
            _stdin = null;
            return stdin;
        }

        public TextWriter Stderr => inner.Stderr;

        public bool StdoutIsTerminal => inner.StdoutIsTerminal;
    }
}
