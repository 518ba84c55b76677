namespace FastLog.Query;

/// <summary>The type of a field in a <c>--where</c> expression: which operators and literals it takes.</summary>
public enum QueryFieldKind
{
    /// <summary>Bytes as written in the log: <c>== != &lt; &lt;= &gt; &gt;=</c> (bytewise), <c>contains</c> and friends, <c>~</c>, <c>in</c>.</summary>
    Text,
    /// <summary>Text that is usually an IP address: everything <see cref="Text"/> takes, <c>in</c> with CIDR networks, and comparisons with an address as numbers.</summary>
    Address,
    /// <summary>A whole number (status, bytes): comparisons and <c>in</c>.</summary>
    Integer,
    /// <summary>A duration in seconds, held as microseconds (request_time): comparisons.</summary>
    Duration,
    /// <summary>An instant, held as Unix seconds (ts): comparisons with time literals.</summary>
    Time,
    /// <summary>A named code (event, invalid_user, public): <c>==</c>, <c>!=</c> and <c>in</c> with the names.</summary>
    Symbol,
}
