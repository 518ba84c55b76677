namespace FastLog.Columns;

/// <summary>Every format FastLog reads; the CLF values match <c>Formats.Clf.ClfVariant</c>.</summary>
public enum LogFormat
{
    /// <summary>Not yet known (an empty batch).</summary>
    Unknown = 0,
    /// <summary>Apache common log format.</summary>
    Common = 1,
    /// <summary>Apache/nginx combined.</summary>
    Combined = 2,
    /// <summary>Combined plus nginx request_time.</summary>
    Nginx = 3,
    /// <summary>W3C extended (IIS) with <c>#Fields:</c> headers.</summary>
    W3c,
    /// <summary>AWS Application Load Balancer.</summary>
    Alb,
    /// <summary>Access log in a <c>--log-format</c> the user gave.</summary>
    Custom,
    /// <summary>RFC 3164 / RFC 5424 syslog.</summary>
    Syslog,
    /// <summary>Syslog with sshd, sudo and useradd messages parsed (auth.log, secure).</summary>
    Auth,
    /// <summary>AWS CloudTrail records.</summary>
    CloudTrail,
    /// <summary>GitHub Archive events.</summary>
    Github,
    /// <summary>Any NDJSON mapped with <c>--field</c>.</summary>
    Jsonl,
    /// <summary>Parquet written by <c>convert</c>.</summary>
    Parquet,
    /// <summary>CSV written by <c>convert</c> (a header of field names).</summary>
    Csv,
}

/// <summary>Families of <see cref="LogFormat"/>: which report sections and rules apply.</summary>
public static class LogFormatFamilies
{
    /// <summary>True for HTTP access logs (traffic report, web rules W1–W12).</summary>
    public static bool IsAccessLog(this LogFormat format) => format is LogFormat.Common or LogFormat.Combined
        or LogFormat.Nginx or LogFormat.W3c or LogFormat.Alb or LogFormat.Custom;

    /// <summary>True for syslog-framed formats (program, host, repeats).</summary>
    public static bool IsSyslog(this LogFormat format) => format is LogFormat.Syslog or LogFormat.Auth;
}
