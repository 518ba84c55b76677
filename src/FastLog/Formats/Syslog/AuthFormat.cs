using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Syslog;

/// <summary>Syslog with the auth events of sshd, PAM, sudo and useradd (<see cref="AuthMessage"/>).</summary>
public sealed class AuthFormat : ILogFormat
{
    private static readonly LogField[] s_fields =
    [
        .. SyslogFormat.SyslogFields, LogField.Event, LogField.User, LogField.Ip, LogField.Port, LogField.Method,
        LogField.InvalidUser, LogField.Command, LogField.Failures,
    ];

    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Auth;

    /// <inheritdoc/>
    public string Name => "auth";

    /// <inheritdoc/>
    public string Description => "auth.log / secure: syslog plus sshd, PAM, sudo and useradd events";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields => s_fields;

    /// <inheritdoc/>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
    {
        var (syslog, auth) = SyslogProbe.Count(sample, settings);
        return syslog > 0 && auth * 2 >= syslog ? syslog : 0;
    }

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new SyslogParser(auth: true, settings);
}
