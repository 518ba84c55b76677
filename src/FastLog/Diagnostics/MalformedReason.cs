namespace FastLog.Diagnostics;

/// <summary>
/// Why a line did not parse: a closed set, printed in snake_case (shared/docs/hostile-inputs.md §7).
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
}

/// <summary>Names of <see cref="MalformedReason"/> values as they appear in reports.</summary>
public static class MalformedReasons
{
    /// <summary>Number of reasons.</summary>
    public const int Count = (int)MalformedReason.LineTooLong + 1;

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
        _ => "unknown",
    };
}
