using FastLog.Diagnostics;
using FastLog.Scanning;

namespace FastLog.Formats.Clf;

/// <summary>
/// Picks the CLF variant of a sample: the richest variant (nginx, then combined, then common)
/// that parses at least 90 % of the lines the most lenient one parses. A richer variant also
/// reads the poorer one's lines (with absent fields), so "most lines parsed" alone cannot choose.
/// </summary>
public static class ClfDetection
{
    /// <summary>The variant of <paramref name="sample"/>, or null when no line parses; <paramref name="parsed"/> is the lines common parses.</summary>
    public static ClfVariant? Detect(ReadOnlySpan<byte> sample, out long parsed)
    {
        parsed = 0;
        var lines = FormatDetector.TakeLines(sample);
        if (lines.IsEmpty) return null;
        parsed = CountParsed(ClfVariant.Common, lines);
        if (parsed == 0) return null;
        foreach (var variant in new[] { ClfVariant.Nginx, ClfVariant.Combined })
        {
            if (CountParsed(variant, lines) * 10 >= parsed * 9) return variant;
        }
        return ClfVariant.Common;
    }

    private static long CountParsed(ClfVariant variant, ReadOnlySpan<byte> lines)
    {
        var counters = new ParseCounters();
        new ClfParser<StructuralScannerScalar>(variant).ParseBlock(lines, default, counters, NullBatchConsumer.Instance);
        return counters.Parsed;
    }
}
