namespace FastLog.Output.Model;

// The report's immutable model: every writer reads only this (docs/report-schema.md).
// Property names become snake_case in JSON through the source-generated ReportJsonContext.

/// <summary>The whole <c>analyze</c> report.</summary>
public sealed class Report
{
    /// <summary>Version of the schema in docs/report-schema.md.</summary>
    public int SchemaVersion { get; init; } = 1;
    /// <summary>FastLog version that wrote the report.</summary>
    public required string FastlogVersion { get; init; }
    /// <summary>Overview section.</summary>
    public required Overview Overview { get; init; }
    /// <summary>Traffic section; null when no record parsed.</summary>
    public Traffic? Traffic { get; init; }
    /// <summary>Performance section; null when no record parsed.</summary>
    public Performance? Performance { get; init; }
    /// <summary>Errors section; null when no record parsed.</summary>
    public Errors? Errors { get; init; }
    /// <summary>Anomalies section; null when no record parsed.</summary>
    public Anomalies? Anomalies { get; init; }
    /// <summary>Security section; null when no record parsed.</summary>
    public Security? Security { get; init; }
    /// <summary>Records per hour, day and hour of the day of each format with records; null when none.</summary>
    public List<FormatActivity>? Activity { get; init; }
    /// <summary>Auth view; null without auth records.</summary>
    public AuthSection? Auth { get; init; }
    /// <summary>Syslog view; null without syslog records.</summary>
    public SyslogSection? Syslog { get; init; }
    /// <summary>CloudTrail view; null without CloudTrail records.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("cloudtrail")]
    public CloudTrailSection? CloudTrail { get; init; }
    /// <summary>GitHub view; null without GitHub records.</summary>
    public GithubSection? Github { get; init; }
    /// <summary>Service-health view; null without jsonl records.</summary>
    public ServiceHealthSection? ServiceHealth { get; init; }
}

/// <summary>Inputs, volumes, line accounting, time range and run figures.</summary>
public sealed class Overview
{
    /// <summary>One entry per input.</summary>
    public required List<InputReport> Inputs { get; init; }
    /// <summary>Bytes read (decompressed for gzip).</summary>
    public long Bytes { get; init; }
    /// <summary>Lines read: records + blank + malformed.</summary>
    public long Lines { get; init; }
    /// <summary>Lines parsed into records.</summary>
    public long Records { get; init; }
    /// <summary>Records that matched <c>--where</c>/<c>--since</c>/<c>--until</c> (every other section counts only these); absent without a filter.</summary>
    public long? Matched { get; init; }
    /// <summary>Empty lines.</summary>
    public long Blank { get; init; }
    /// <summary>Lines that did not parse.</summary>
    public long Malformed { get; init; }
    /// <summary>Malformed lines per reason (reasons with a count only).</summary>
    public required List<NamedCount> MalformedByReason { get; init; }
    /// <summary>The first malformed lines per reason, in input order (and the first NUL regions).</summary>
    public required List<SampleReport> MalformedSamples { get; init; }
    /// <summary>Runs of NUL bytes at a line start, skipped (not lines); absent when there are none.</summary>
    public long? NulRegions { get; init; }
    /// <summary>Bytes in those runs; absent when there are none.</summary>
    public long? NulRegionBytes { get; init; }
    /// <summary>CloudTrail digest files skipped unread; absent when there are none.</summary>
    public long? SkippedDigest { get; init; }
    /// <summary>Records per warning flag (<c>ambiguous_source</c>, …), flags with a count only.</summary>
    public List<NamedCount> FlaggedRecords { get; init; } = [];
    /// <summary>Formats used, distinct, in input order.</summary>
    public required List<string> Formats { get; init; }
    /// <summary>Records per format that had any, in format order; null when the run kept no per-format views.</summary>
    public List<FormatRecords>? RecordsByFormat { get; init; }
    /// <summary>Earliest record time, RFC 3339 UTC.</summary>
    public string? FirstTimestamp { get; init; }
    /// <summary>Latest record time, RFC 3339 UTC.</summary>
    public string? LastTimestamp { get; init; }
    /// <summary>Values whose bytes were not valid UTF-8 and were written with U+FFFD.</summary>
    public long LossyValues { get; set; }
    /// <summary>True when any figure of the report was capped or estimated by a memory budget (each such figure has its own flag).</summary>
    public bool Approximate { get; set; }
    /// <summary>Run figures; null with <c>--stable</c>.</summary>
    public RunInfo? Run { get; init; }
}

/// <summary>What happened to one input.</summary>
public sealed class InputReport
{
    /// <summary>Path as given; <c>-</c> for stdin.</summary>
    public required string Path { get; init; }
    /// <summary>Format used.</summary>
    public string? Format { get; init; }
    /// <summary>True when the format could not be detected and <c>combined</c> was assumed.</summary>
    public bool FormatGuessed { get; init; }
    /// <summary><c>cloudtrail_digest</c> when the input was skipped unread as a CloudTrail digest file, else null.</summary>
    public string? Skipped { get; init; }
    /// <summary>Bytes read.</summary>
    public long Bytes { get; init; }
    /// <summary>Lines read.</summary>
    public long Lines { get; init; }
    /// <summary>Why the input is incomplete, or null.</summary>
    public string? Error { get; init; }
    /// <summary>What was ignored in the input without losing records, or null.</summary>
    public string? Warning { get; init; }
}

/// <summary>A malformed line.</summary>
public sealed class SampleReport
{
    /// <summary>Input path.</summary>
    public required string Path { get; init; }
    /// <summary>1-based line number.</summary>
    public long Line { get; init; }
    /// <summary>Byte offset of the line.</summary>
    public long Offset { get; init; }
    /// <summary>Reason code.</summary>
    public required string Reason { get; init; }
    /// <summary>At most 120 bytes of the line, non-printable bytes as <c>\xHH</c>.</summary>
    public required string Excerpt { get; init; }
    /// <summary>True when the line is longer than the excerpt.</summary>
    public bool Truncated { get; init; }
    /// <summary>Bytes of a <c>nul_region</c> (whose excerpt is empty); absent for a line.</summary>
    public long? Length { get; init; }
}

/// <summary>Run-dependent figures, left out with <c>--stable</c>.</summary>
public sealed class RunInfo
{
    /// <summary>Wall time.</summary>
    public double ElapsedSeconds { get; init; }
    /// <summary>Bytes read per second, in MB (10^6).</summary>
    public double MbPerSecond { get; init; }
    /// <summary>Records per second.</summary>
    public double RecordsPerSecond { get; init; }
    /// <summary>Worker threads.</summary>
    public int Threads { get; init; }
    /// <summary>I/O strategy.</summary>
    public required string Io { get; init; }
    /// <summary>Structural scanner.</summary>
    public required string Scanner { get; init; }
}

/// <summary>A name with a count.</summary>
public sealed class NamedCount
{
    /// <summary>Name.</summary>
    public required string Name { get; init; }
    /// <summary>Count.</summary>
    public long Count { get; init; }
}

/// <summary>A value with its count and share of the table's records.</summary>
public sealed class KeyCount
{
    /// <summary>The value as in the log (invalid UTF-8 as U+FFFD).</summary>
    public required string Value { get; init; }
    /// <summary>Records with the value.</summary>
    public long Count { get; init; }
    /// <summary>Count over the table's total records, rounded to 6 decimals.</summary>
    public double Share { get; init; }
}

/// <summary>A top-N table of one field.</summary>
public sealed class TopTable
{
    /// <summary>True when the table went past its memory budget; counts of the listed values may then be low.</summary>
    public bool Approximate { get; init; }
    /// <summary>Distinct values: exact, or when approximate a HyperLogLog estimate (within 2 %) for a table's own counts and a lower bound for derived ones (404s, errors).</summary>
    public long Distinct { get; init; }
    /// <summary>Records whose value the budget refused.</summary>
    public long Other { get; init; }
    /// <summary>Records without the field.</summary>
    public long Null { get; init; }
    /// <summary>The top values: count descending, then value ascending bytewise.</summary>
    public required List<KeyCount> Rows { get; init; }
}
