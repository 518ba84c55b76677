using FastLog.Columns;
using FastLog.Scanning;

namespace FastLog.Formats.Clf;

/// <summary>The CLF family as formats: common, combined and nginx (one <see cref="ClfParser{TScanner}"/> each).</summary>
public sealed class ClfFormat(ClfVariant variant) : ILogFormat
{
    private static readonly LogField[] s_common =
    [
        LogField.Ip, LogField.User, LogField.Ts, LogField.Method, LogField.Path, LogField.Query,
        LogField.Protocol, LogField.Status, LogField.Bytes,
    ];

    /// <summary>The variant.</summary>
    public ClfVariant Variant => variant;

    /// <inheritdoc/>
    public LogFormat Id => (LogFormat)variant;

    /// <inheritdoc/>
    public string Name => variant switch
    {
        ClfVariant.Common => "common",
        ClfVariant.Nginx => "nginx",
        _ => "combined",
    };

    /// <inheritdoc/>
    public string Description => variant switch
    {
        ClfVariant.Common => "Apache common log format: %h %l %u %t \"%r\" %>s %b",
        ClfVariant.Nginx => "nginx combined plus $request_time",
        _ => "Apache/nginx combined: common plus \"%{Referer}i\" \"%{User-agent}i\"",
    };

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } = variant switch
    {
        ClfVariant.Common => s_common,
        ClfVariant.Nginx => [.. s_common, LogField.Referer, LogField.Agent, LogField.RequestTime],
        _ => [.. s_common, LogField.Referer, LogField.Agent],
    };

    /// <inheritdoc/>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
        => ClfDetection.Detect(sample, out var parsed) == variant ? parsed : 0;

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => scanner switch
    {
        ScannerKind.Vector256 => new ClfParser<StructuralScannerVector256>(variant, settings: settings),
        ScannerKind.Vector128 => new ClfParser<StructuralScannerVector128>(variant, settings: settings),
        _ => new ClfParser<StructuralScannerScalar>(variant, settings: settings),
    };
}
