namespace FastLog.Diagnostics;

/// <summary>
/// Records that parsed but carry a warning about their content (docs/reliability.md,
/// detection flags): counted in <see cref="ParseCounters.Flagged"/>, printed in snake_case.
/// </summary>
public enum RecordFlag
{
    /// <summary>An auth line that names more than one possible peer address and no earlier line of its session resolved it: its ip is null.</summary>
    AmbiguousSource,
    /// <summary>An access-log record right after a line that ended inside an open quote: possibly a line forged inside the previous one's user agent (a raw newline), so thresholded rules do not count it.</summary>
    SuspectContinuation,
}

/// <summary>Names of <see cref="RecordFlag"/> values as they appear in reports.</summary>
public static class RecordFlags
{
    /// <summary>Number of flags.</summary>
    public const int Count = (int)RecordFlag.SuspectContinuation + 1;

    /// <summary>The snake_case name of a flag.</summary>
    public static string Name(RecordFlag flag) => flag switch
    {
        RecordFlag.AmbiguousSource => "ambiguous_source",
        RecordFlag.SuspectContinuation => "suspect_continuation",
        _ => "unknown",
    };
}
