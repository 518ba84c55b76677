using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Scanning;

namespace FastLog.Formats.Alb;

/// <summary>AWS Application Load Balancer access logs.</summary>
public sealed class AlbFormat : ILogFormat
{
    /// <inheritdoc/>
    public LogFormat Id => LogFormat.Alb;

    /// <inheritdoc/>
    public string Name => "alb";

    /// <inheritdoc/>
    public string Description => "AWS Application Load Balancer: type time elb client:port target:port times status … \"request\" \"user_agent\" …";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } =
    [
        LogField.Ts, LogField.Elb, LogField.Ip, LogField.Port, LogField.Target,
        LogField.RequestProcessingTime, LogField.TargetProcessingTime, LogField.ResponseProcessingTime,
        LogField.Status, LogField.TargetStatus, LogField.ReceivedBytes, LogField.Bytes,
        LogField.Method, LogField.Path, LogField.Query, LogField.Protocol, LogField.Agent,
        LogField.SslCipher, LogField.SslProtocol, LogField.Vhost, LogField.RequestTime,
    ];

    /// <summary>
    /// The sample's lines the parser reads, counted only among lines that open with an ALB type
    /// token and a space. Every line is examined, not only the first: one line must not decide.
    /// </summary>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
    {
        var lines = FormatDetector.TakeLines(sample);
        var counters = new ParseCounters();
        var parser = new AlbParser(FormatDetector.ProbeBatchCapacity);
        var start = 0;
        // Invariant: start is the first byte of a line of `lines`, which ends with LF.
        while (start < lines.Length)
        {
            var end = start + lines[start..].IndexOf((byte)'\n') + 1;
            if (OpensWithType(lines[start..end])) parser.ParseBlock(lines[start..end], default, counters, NullBatchConsumer.Instance);
            start = end;
        }
        return counters.Parsed;
    }

    /// <summary>True when <paramref name="line"/> starts with <c>http</c>, <c>https</c>, <c>h2</c>, <c>grpcs</c>, <c>ws</c> or <c>wss</c> and a space.</summary>
    public static bool OpensWithType(ReadOnlySpan<byte> line)
        => line.StartsWith("http "u8) || line.StartsWith("https "u8) || line.StartsWith("h2 "u8)
            || line.StartsWith("grpcs "u8) || line.StartsWith("ws "u8) || line.StartsWith("wss "u8);

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new AlbParser();
}
