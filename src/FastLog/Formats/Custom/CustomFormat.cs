using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Custom;

/// <summary>An access log in the layout <c>--log-format</c> describes; chosen only by that option (or <c>--format custom</c> with it), never detected.</summary>
public sealed class CustomFormat : ILogFormat
{
    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Custom;

    /// <inheritdoc/>
    public string Name => "custom";

    /// <inheritdoc/>
    public string Description => "access log in a --log-format layout (Apache/GoAccess specifiers, e.g. '%h %l %u %t \"%r\" %>s %b')";

    /// <summary>Every field a layout can fill; a given layout fills those its specifiers name.</summary>
    public IReadOnlyList<LogField> Fields { get; } =
    [
        LogField.Ip, LogField.User, LogField.Ts, LogField.Method, LogField.Path, LogField.Query,
        LogField.Protocol, LogField.Status, LogField.Bytes, LogField.Referer, LogField.Agent,
        LogField.RequestTime, LogField.Vhost, LogField.Port, LogField.ReceivedBytes,
    ];

    /// <summary>0: a layout is never guessed.</summary>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings) => 0;

    /// <summary>A parser for <see cref="FormatSettings.CustomLayout"/> (compiled per worker; the CLI has already checked it).</summary>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings)
        => new CustomParser(CustomPlan.Compile(settings.CustomLayout ?? throw new InvalidOperationException("format custom needs --log-format")));
}
