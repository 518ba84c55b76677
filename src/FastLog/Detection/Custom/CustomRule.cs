using System.Buffers;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Query;

namespace FastLog.Detection.Custom;

/// <summary>
/// One rule of a <c>--rules</c> file, checked and compiled once: its identity, its condition
/// (a <c>--where</c> expression and/or any-of keywords over the raw line), the formats it reads,
/// and, for a thresholded rule, the fixed window, the group field and what is counted.
/// </summary>
public sealed class CustomRule
{
    /// <summary>The identity shown in findings (id, name, severity, description, the file it came from).</summary>
    public required DetectionRule Rule { get; init; }

    /// <summary>The compiled <c>where</c> condition, or null.</summary>
    public RecordFilter? Where { get; init; }

    /// <summary>
    /// The keywords, searched case-insensitively over the raw line widened byte for byte to chars
    /// (so a keyword's UTF-8 bytes match exactly, and ASCII letters in any case), or null.
    /// </summary>
    public SearchValues<string>? Keywords { get; init; }

    /// <summary>The formats the rule reads; null for every format.</summary>
    public IReadOnlySet<LogFormat>? Formats { get; init; }

    /// <summary>The field whose value keys the findings (default <c>ip</c>).</summary>
    public LogField GroupBy { get; init; } = LogField.Ip;

    /// <summary>Events (or distinct values) in one window needed for a finding; 0 for a per-event rule.</summary>
    public long Threshold { get; init; }

    /// <summary>Window length in seconds (fixed buckets aligned on the Unix epoch); 0 for a per-event rule.</summary>
    public long WindowSeconds { get; init; }

    /// <summary>For a <c>value_count</c> rule: the field whose distinct values are counted per window; else null.</summary>
    public LogField? Distinct { get; init; }

    /// <summary>True when findings need <see cref="Threshold"/> events (or values) in one window.</summary>
    public bool IsThresholded => Threshold > 0;

    /// <summary>True when the rule reads records of <paramref name="format"/>.</summary>
    public bool Reads(LogFormat format) => Formats is null || Formats.Contains(format);
}
