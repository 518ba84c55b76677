using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Syslog;

/// <summary>RFC 3164 / RFC 3339-stamped / RFC 5424 syslog (<see cref="SyslogHeader"/>).</summary>
public sealed class SyslogFormat : ILogFormat
{
    /// <summary>The fields of a syslog record.</summary>
    public static readonly LogField[] SyslogFields =
    [
        LogField.Ts, LogField.Host, LogField.App, LogField.Pid, LogField.Severity, LogField.Facility,
        LogField.MsgId, LogField.Message, LogField.Repeat,
    ];

    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Syslog;

    /// <inheritdoc/>
    public string Name => "syslog";

    /// <inheritdoc/>
    public string Description => "syslog: RFC 3164 (Mmm dd hh:mm:ss host tag[pid]: msg), RFC 3339-stamped, RFC 5424";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields => SyslogFields;

    /// <inheritdoc/>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings) => SyslogProbe.Count(sample, settings).Syslog;

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new SyslogParser(auth: false, settings);
}
