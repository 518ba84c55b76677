using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Scanning;

namespace FastLog.Formats.W3c;

/// <summary>W3C extended log format (IIS and others): columns named by <c>#Fields:</c> directives.</summary>
public sealed class W3cFormat : ILogFormat
{
    /// <inheritdoc/>
    public LogFormat Id => LogFormat.W3c;

    /// <inheritdoc/>
    public string Name => "w3c";

    /// <inheritdoc/>
    public string Description => "W3C extended (IIS): columns from #Fields: directives, UTC date/time, time-taken in ms";

    /// <inheritdoc/>
    public IReadOnlyList<LogField> Fields { get; } =
    [
        LogField.Ip, LogField.User, LogField.Ts, LogField.Method, LogField.Path, LogField.Query,
        LogField.Protocol, LogField.Status, LogField.Bytes, LogField.ReceivedBytes, LogField.Referer,
        LogField.Agent, LogField.RequestTime, LogField.Vhost,
    ];

    /// <summary>
    /// The sample's data lines the parser reads plus its directives, when the sample starts with a
    /// <c>#</c> directive, has a line starting <c>#Fields:</c> (W3C files start with directives;
    /// CLF, syslog and JSON lines never start with <c>#</c>), or starts with a headerless data line
    /// (<c>yyyy-mm-dd hh:mm:ss </c>, read with IIS's default layout).
    /// </summary>
    public long Probe(ReadOnlySpan<byte> sample, FormatSettings settings)
    {
        if (sample.IsEmpty || (sample[0] != (byte)'#' && sample.IndexOf("\n#Fields:"u8) < 0 && !StartsWithDateTime(sample))) return 0;
        var lines = FormatDetector.TakeLines(sample);
        var counters = new ParseCounters();
        new W3cParser(FormatDetector.ProbeBatchCapacity).ParseBlock(lines, default, counters, NullBatchConsumer.Instance);
        // A file of directives only (a fresh IIS log) is still w3c when it opens with a W3C directive.
        var opensW3c = sample.StartsWith("#Software:"u8) || sample.StartsWith("#Version:"u8) || sample.StartsWith("#Fields:"u8);
        return counters.Parsed == 0 && !opensW3c ? 0 : counters.Parsed + counters.Blank;
    }

    /// <summary>True when <paramref name="sample"/> opens with <c>yyyy-mm-dd hh:mm:ss</c> and a space or tab.</summary>
    private static bool StartsWithDateTime(ReadOnlySpan<byte> sample) =>
        sample.Length > 20 && (sample[19] == (byte)' ' || sample[19] == (byte)'\t')
        && IsoDateTime.TryParseDate(sample[..10], out _) && sample[10] == (byte)' '
        && IsoDateTime.TryParseTime(sample[11..19], out _);

    /// <inheritdoc/>
    public IBlockParser CreateParser(ScannerKind scanner, FormatSettings settings) => new W3cParser();

    /// <summary>
    /// Always the identity: a data line means what the last <c>#Fields:</c> above it says, so a
    /// w3c input is read as one stream by one worker rather than split into chunks parsed in
    /// parallel. The price is one core per w3c file (several files still run in parallel); the
    /// alternative, re-reading each chunk's preceding header, would need a backward scan of up to
    /// the whole file per chunk.
    /// </summary>
    public Func<Stream, Stream>? Reframer(ReadOnlySpan<byte> sample) => static stream => stream;

    /// <summary>
    /// False: a skipped <c>#Fields:</c> line would change what later lines mean, and decoded
    /// values (<c>+</c> as a space) need not appear in the raw bytes.
    /// </summary>
    public bool ValuesStandVerbatim => false;
}
