namespace FastLog.Diagnostics;

/// <summary>
/// Why a line did not parse: a closed set, printed in snake_case (docs/report-schema.md).
/// </summary>
public enum MalformedReason
{
    /// <summary>The line ended before every required field was read, or a field was not followed by a separator.</summary>
    MissingFields,
    /// <summary>The timestamp is not <c>[dd/Mon/yyyy:HH:MM:SS ±zzzz]</c> or names an impossible instant.</summary>
    BadTime,
    /// <summary>The status is not three digits in 100–599.</summary>
    BadStatus,
    /// <summary>The byte count is neither digits nor <c>-</c>.</summary>
    BadSize,
    /// <summary>A quoted field has no closing quote on the line.</summary>
    UnterminatedQuote,
    /// <summary>A typed field (such as the request time) does not hold its type.</summary>
    BadFieldType,
    /// <summary>The line is longer than the maximum line length (1 MiB).</summary>
    LineTooLong,
    /// <summary>A syslog line whose header (PRI, timestamp, host, tag) does not follow RFC 3164 or RFC 5424.</summary>
    BadHeader,
    /// <summary>A JSON record that is not well-formed JSON, or not an object.</summary>
    BadJson,
    /// <summary>A JSON record nested deeper than the parser's limit.</summary>
    TooDeep,
    /// <summary>A W3C data line before any <c>#Fields:</c> header.</summary>
    NoFieldsHeader,
    /// <summary>An access-log line with text after its last field that is no known extra field.</summary>
    TrailingJunk,
    /// <summary>
    /// A run of NUL bytes at a line start (a preallocated log, a crash mid-write, copytruncate):
    /// reported once per run with its length, not counted as a line; the bytes after it are parsed.
    /// </summary>
    NulRegion,
}

/// <summary>Names of <see cref="MalformedReason"/> values as they appear in reports.</summary>
public static class MalformedReasons
{
    /// <summary>Number of reasons.</summary>
    public const int Count = (int)MalformedReason.NulRegion + 1;

    /// <summary>The snake_case name of a reason.</summary>
    public static string Name(MalformedReason reason) => reason switch
    {
        MalformedReason.MissingFields => "missing_fields",
        MalformedReason.BadTime => "bad_time",
        MalformedReason.BadStatus => "bad_status",
        MalformedReason.BadSize => "bad_size",
        MalformedReason.UnterminatedQuote => "unterminated_quote",
        MalformedReason.BadFieldType => "bad_field_type",
        MalformedReason.LineTooLong => "line_too_long",
        MalformedReason.BadHeader => "bad_header",
        MalformedReason.BadJson => "bad_json",
        MalformedReason.TooDeep => "too_deep",
        MalformedReason.NoFieldsHeader => "no_fields_header",
        MalformedReason.TrailingJunk => "trailing_junk",
        MalformedReason.NulRegion => "nul_region",
        _ => "unknown",
    };
}
