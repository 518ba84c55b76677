using System.Globalization;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Input;
using FastLog.Query;
using FastLog.Scanning;

namespace FastLog.Cli;

/// <summary>The validated command line (ripgrep's "high args"): everything a command needs, or a <see cref="UsageException"/>.</summary>
public sealed class CliOptions
{
    /// <summary>analyze, top or count.</summary>
    public required string Command { get; init; }
    /// <summary>Input arguments as given.</summary>
    public required List<string> InputArgs { get; init; }
    /// <summary>Forced format or null.</summary>
    public ILogFormat? Format { get; init; }
    /// <summary>Parsing options (--year, --field, --log-format, --repeats).</summary>
    public FormatSettings Settings { get; init; } = FormatSettings.Default;
    /// <summary>Worker threads.</summary>
    public int Threads { get; init; }
    /// <summary>I/O strategy.</summary>
    public IoStrategy Io { get; init; }
    /// <summary>table, json or csv.</summary>
    public required string Output { get; init; }
    /// <summary>Output file or null for stdout.</summary>
    public string? OutputPath { get; init; }
    /// <summary>Rows per table.</summary>
    public int Top { get; init; }
    /// <summary>Grouping fields (top: one; count: zero or more).</summary>
    public required List<LogField> GroupBy { get; init; }
    /// <summary>Leave run-dependent figures out.</summary>
    public bool Stable { get; init; }
    /// <summary>Terminal bars as <c>#</c> (<c>--ascii</c>).</summary>
    public bool Ascii { get; init; }
    /// <summary>No progress line on stderr (<c>--quiet</c>).</summary>
    public bool Quiet { get; init; }
    /// <summary>Print how long each stage took to stderr (<c>--timings</c>).</summary>
    public bool Timings { get; init; }
    /// <summary>analyze: add the Security section (web detection rules).</summary>
    public bool Detect { get; init; }
    /// <summary>Internal networks for the findings' enrichment.</summary>
    public Detection.AddressClass Addresses { get; init; } = Detection.AddressClass.Default;
    /// <summary>The custom rules of <c>--rules</c>, or null.</summary>
    public Detection.Custom.CustomRuleSet? Rules { get; init; }
    /// <summary>Thresholds and windows of the built-in rules (<c>--rule-option</c>; the public defaults otherwise).</summary>
    public RuleThresholds Thresholds { get; init; } = RuleThresholds.Default;
    /// <summary>The <c>--geoip</c> databases enriching findings with country and AS, or null.</summary>
    public Detection.Enrichment.GeoIpDatabase? GeoIp { get; init; }
    /// <summary>Exit 4 when a finding at or above this severity exists; null when not asked.</summary>
    public Detection.Severity? FailOnFindings { get; init; }
    /// <summary>Chunk size override.</summary>
    public long? ChunkBytes { get; init; }
    /// <summary>Table budget.</summary>
    public TableBudget Budget { get; init; }
    /// <summary>Scanner.</summary>
    public ScannerKind Scanner { get; init; }
    /// <summary>The record filter (--where, --since, --until), or null.</summary>
    public RecordFilter? Where { get; init; }
    /// <summary>filter: the fields of jsonl/csv rows (empty for raw lines).</summary>
    public List<LogField> Fields { get; init; } = [];
    /// <summary>stats: the summarised field.</summary>
    public LogField? StatsField { get; init; }
    /// <summary><c>--partial FILE</c>: write the mergeable state there instead of a report; null otherwise.</summary>
    public string? PartialPath { get; init; }
    /// <summary><c>--shard I/N</c>: read only that shard of each input; null reads them whole.</summary>
    public Input.FileShard? Shard { get; init; }
    /// <summary>The options that shape the result, canonical, recorded in a partial (<see cref="PartialOptions.Shaping"/>).</summary>
    public IReadOnlyList<string> ShapingOptions { get; init; } = [];
    /// <summary><c>--follow</c> and its options, or null for a run that reads the inputs once.</summary>
    public FollowArgs? Follow { get; init; }

    /// <summary>Validates <paramref name="args"/> for its command.</summary>
    public static CliOptions From(CliArgs args)
    {
        // Which flags the command takes was checked before (FlagCheck); here their values are.
        var command = CommandRunner.Find(args).Name;
        var inputs = new List<string>(args.Positionals);
        var groupBy = new List<LogField>();
        if (command == CommandName.Top)
        {
            if (inputs.Count == 0) throw new UsageException("top needs a FIELD, e.g. 'fastlog top ip access.log'");
            groupBy.Add(ParseField(inputs[0]));
            inputs.RemoveAt(0);
        }
        LogField? statsField = null;
        if (command == CommandName.Stats)
        {
            if (inputs.Count == 0) throw new UsageException("stats needs a FIELD, e.g. 'fastlog stats request_time access.log'");
            statsField = QueryOptions.StatsField(inputs[0]);
            inputs.RemoveAt(0);
        }
        if (args.Values.TryGetValue("--by", out var by))
        {
            foreach (var name in by.Split(',')) groupBy.Add(ParseField(name.Trim()));
        }

        var output = CommandRunner.Find(command).Output(args);

        var format = FormatOptions.Format(args);

        var io = args.Values.GetValueOrDefault("--io", "auto") switch
        {
            "auto" => IoStrategy.Auto,
            "mmap" => IoStrategy.MemoryMapped,
            "read" => IoStrategy.Read,
            var other => throw new UsageException($"--io: unknown mode '{other}' (expected auto, mmap or read)"),
        };

        ScannerKind scanner;
        try
        {
            scanner = ScannerFactory.Choose(Environment.GetEnvironmentVariable(ScannerFactory.OverrideVariable));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var maxKeys = Positive(args, "--max-keys", TableBudget.Default.MaxKeys);
        var rules = DetectionOptions.Rules(args, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return new CliOptions
        {
            Command = command,
            InputArgs = inputs,
            Format = format,
            Settings = FormatOptions.Settings(args, format),
            Threads = (int)Positive(args, "--threads", Environment.ProcessorCount, max: 1024),
            Io = io,
            Output = output,
            OutputPath = OutputTargets.CheckPath(args.Values.GetValueOrDefault("-o"), "-o"),
            Top = (int)Positive(args, "--top", command is CommandName.Count or CommandName.Stats ? int.MaxValue : 10, max: int.MaxValue),
            Where = QueryOptions.Filter(args, DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Fields = QueryOptions.Fields(args, command, output),
            StatsField = statsField,
            GroupBy = groupBy,
            Stable = args.Switches.Contains("--stable"),
            Ascii = args.Switches.Contains("--ascii"),
            Quiet = args.Switches.Contains("--quiet"),
            Timings = args.Switches.Contains("--timings"),
            Detect = args.Switches.Contains("--detect"),
            FailOnFindings = FailOnFindingsOption(args),
            Rules = rules,
            GeoIp = DetectionOptions.GeoIp(args),
            Thresholds = DetectionOptions.RuleOptions(args),
            Addresses = args.Values.TryGetValue("--internal", out var internalNetworks)
                ? Internal(internalNetworks)
                : Detection.AddressClass.Default,
            ChunkBytes = args.Values.ContainsKey("--chunk-size") ? Positive(args, "--chunk-size", 0) : null,
            Budget = TableBudget.Default with { MaxKeys = (int)Math.Min(maxKeys, int.MaxValue) },
            Scanner = scanner,
            PartialPath = PartialOptions.Path(args),
            Shard = PartialOptions.Shard(args),
            ShapingOptions = PartialOptions.Shaping(args, command, rules),
            Follow = FollowArgs.From(args),
        };
    }

    private static Detection.AddressClass Internal(string networks)
    {
        try
        {
            return Detection.AddressClass.Create(networks.Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static Detection.Severity? FailOnFindingsOption(CliArgs args)
    {
        if (!args.Switches.Contains("--fail-on-findings")) return null;
        return args.Values.GetValueOrDefault("--fail-on-findings", "low") switch
        {
            "low" => Detection.Severity.Low,
            "medium" => Detection.Severity.Medium,
            "high" => Detection.Severity.High,
            "critical" => Detection.Severity.Critical,
            var other => throw new UsageException($"--fail-on-findings: unknown severity '{other}' (expected low, medium, high or critical)"),
        };
    }

    private static LogField ParseField(string name)
        => FieldNames.Parse(name) ?? throw new UsageException($"unknown field '{name}' (expected one of {string.Join(", ", FieldNames.Groupable)})");

    private static long Positive(CliArgs args, string name, long fallback, long max = long.MaxValue)
    {
        if (!args.Values.TryGetValue(name, out var text)) return fallback;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
            throw new UsageException($"{name}: expected a whole number from 1 to {max}, got '{text}'");
        return value;
    }
}
