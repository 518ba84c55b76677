namespace FastLog.Formats.Syslog;

/// <summary>
/// The header fields of one syslog line, as offsets into the line (CR and LF excluded) that
/// <see cref="SyslogHeader.TryParse"/> read. A range is null when its start is -1.
/// </summary>
public struct SyslogLine
{
    /// <summary>Timestamp, UTC Unix seconds.</summary>
    public long UnixSeconds;
    /// <summary>The timestamp's fraction of a second in nanoseconds (RFC 3339 stamps; 0 otherwise).</summary>
    public int Nanoseconds;
    /// <summary>PRI 0–191, or -1 when the line has none.</summary>
    public int Pri;
    /// <summary>HOSTNAME <c>[HostStart, HostEnd)</c>; -1 for NILVALUE.</summary>
    public int HostStart, HostEnd;
    /// <summary>TAG / APP-NAME; -1 when absent.</summary>
    public int AppStart, AppEnd;
    /// <summary>Numeric PID / PROCID, or -1.</summary>
    public long Pid;
    /// <summary>RFC 5424 MSGID; -1 when absent or NILVALUE.</summary>
    public int MsgIdStart, MsgIdEnd;
    /// <summary>MSG (after a BOM, and the body of <c>message repeated N times: [ … ]</c>).</summary>
    public int MsgStart, MsgEnd;
    /// <summary>Occurrences the line stands for: N for <c>message repeated N times</c>, else 1.</summary>
    public long Repeat;
}
