namespace FastLog.Output.Filter;

/// <summary>What <c>fastlog filter</c> prints for each matching record.</summary>
public enum FilterOutputFormat
{
    /// <summary>The original line's bytes and a LF (grep-like).</summary>
    Raw,
    /// <summary>The line escaped for a terminal (<see cref="TerminalLineEscaper"/>) and a LF.</summary>
    RawEscaped,
    /// <summary>One JSON object per line with the chosen fields.</summary>
    Jsonl,
    /// <summary>One CSV row per record with the chosen fields (the header is written by the caller).</summary>
    Csv,
}
