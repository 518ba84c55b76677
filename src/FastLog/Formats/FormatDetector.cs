using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Clf;
using FastLog.Scanning;

namespace FastLog.Formats;

/// <summary>
/// Picks the access-log variant of an input from its first lines: the richest variant (nginx,
/// then combined, then common) that parses at least 90 % of the lines the most lenient one
/// parses. Null when no line parses at all.
/// </summary>
public static class FormatDetector
{
    /// <summary>64 KiB of the input's start: a few hundred lines, read once.</summary>
    public const int SampleBytes = 64 * 1024;

    /// <summary>Lines examined at most.</summary>
    public const int SampleLines = 200;

    /// <summary>Detects the variant from <paramref name="sample"/> (the first bytes of an input).</summary>
    public static ClfVariant? Detect(ReadOnlySpan<byte> sample)
    {
        var lines = TakeLines(sample);
        if (lines.IsEmpty) return null;
        var common = CountParsed(ClfVariant.Common, lines);
        if (common == 0) return null;
        foreach (var variant in new[] { ClfVariant.Nginx, ClfVariant.Combined })
        {
            if (CountParsed(variant, lines) * 10 >= common * 9) return variant;
        }
        return ClfVariant.Common;
    }

    /// <summary>Whole lines from the sample, at most <see cref="SampleLines"/>, each ending with LF.</summary>
    private static ReadOnlySpan<byte> TakeLines(ReadOnlySpan<byte> sample)
    {
        var end = 0;
        for (var n = 0; n < SampleLines && end < sample.Length; n++)
        {
            var lf = sample[end..].IndexOf(ByteSets.Lf);
            if (lf < 0) break;
            end += lf + 1;
        }
        if (end > 0) return sample[..end];
        // A single unterminated line (a tiny input): give it a LF.
        if (sample.Length == 0) return default;
        var copy = new byte[sample.Length + 1];
        sample.CopyTo(copy);
        copy[^1] = ByteSets.Lf;
        return copy;
    }

    private static long CountParsed(ClfVariant variant, ReadOnlySpan<byte> lines)
    {
        var counters = new ParseCounters();
        new ClfParser<StructuralScannerScalar>(variant).ParseBlock(lines, default, counters, NullConsumer.Instance);
        return counters.Parsed;
    }

    private sealed class NullConsumer : IBatchConsumer
    {
        public static readonly NullConsumer Instance = new();
        public void Consume(LogBatch batch, ReadOnlySpan<byte> block) { }
    }
}
