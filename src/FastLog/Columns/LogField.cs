namespace FastLog.Columns;

/// <summary>The fields of the access-log schema (SPEC.md "Formats and the field model").</summary>
public enum LogField
{
    /// <summary>Client address or host name, as written in the log.</summary>
    Ip,
    /// <summary>The identd field (almost always absent).</summary>
    Ident,
    /// <summary>Authenticated user.</summary>
    User,
    /// <summary>Timestamp as a UTC instant.</summary>
    Ts,
    /// <summary>Request method.</summary>
    Method,
    /// <summary>Request target without the query.</summary>
    Path,
    /// <summary>Query string without the <c>?</c>.</summary>
    Query,
    /// <summary>Request protocol, e.g. <c>HTTP/1.1</c>.</summary>
    Protocol,
    /// <summary>Final status code.</summary>
    Status,
    /// <summary>Response body bytes.</summary>
    Bytes,
    /// <summary>Referer header.</summary>
    Referer,
    /// <summary>User-Agent header.</summary>
    Ua,
    /// <summary>Request time (nginx <c>$request_time</c>), in microseconds.</summary>
    RequestTime,
    /// <summary>UTC hour bucket of <see cref="Ts"/>, printed as <c>YYYY-MM-DDTHH</c>.</summary>
    Hour,
}
