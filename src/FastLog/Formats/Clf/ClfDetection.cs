using FastLog.Diagnostics;
using FastLog.Scanning;

namespace FastLog.Formats.Clf;

/// <summary>
/// Names the CLF variant of a sample. The three variants are one grammar (the agent pair and the
/// extras are optional), so they read the same lines; the name says what the lines carry: nginx
/// when at least 90 % of them have a request time after the agent, combined when any has the
/// <c>"referer" "user-agent"</c> pair, else common.
/// </summary>
public static class ClfDetection
{
    /// <summary>The variant of <paramref name="sample"/>, or null when no line parses; <paramref name="parsed"/> is the lines read.</summary>
    public static ClfVariant? Detect(ReadOnlySpan<byte> sample, out long parsed)
    {
        parsed = 0;
        var lines = FormatDetector.TakeLines(sample);
        if (lines.IsEmpty) return null;
        var combined = Parse(ClfVariant.Combined, lines, out parsed);
        if (parsed == 0) return null;
        var nginx = Parse(ClfVariant.Nginx, lines, out _);
        if (nginx.LinesWithRequestTime * 10 >= parsed * 9) return ClfVariant.Nginx;
        return combined.LinesWithAgent > 0 ? ClfVariant.Combined : ClfVariant.Common;
    }

    private static ClfParser<StructuralScannerScalar> Parse(ClfVariant variant, ReadOnlySpan<byte> lines, out long parsed)
    {
        var counters = new ParseCounters();
        var parser = new ClfParser<StructuralScannerScalar>(variant, FormatDetector.ProbeBatchCapacity);
        parser.ParseBlock(lines, default, counters, NullBatchConsumer.Instance);
        parsed = counters.Parsed;
        return parser;
    }
}
