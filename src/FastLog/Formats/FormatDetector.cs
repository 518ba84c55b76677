using FastLog.Scanning;

namespace FastLog.Formats;

/// <summary>
/// Picks the format of an input from its first bytes: every registered format probes the sample
/// (<see cref="ILogFormat.Probe"/>) and the one reading the most records wins, ties going to the
/// format listed first in <see cref="FormatRegistry.All"/>. A line-based format must read at least
/// half of the sample's non-blank lines that are not <c>#</c> comments (a README quoting three
/// JSON records is not a JSON log).
/// Null when none qualifies.
/// </summary>
public static class FormatDetector
{
    /// <summary>64 KiB of the input's start: a few hundred lines, read once.</summary>
    public const int SampleBytes = 64 * 1024;

    /// <summary>Lines examined at most.</summary>
    public const int SampleLines = 200;

    /// <summary>Detects the format of <paramref name="sample"/> (the first bytes of an input).</summary>
    public static ILogFormat? Detect(ReadOnlySpan<byte> sample, FormatSettings? settings = null)
    {
        settings ??= FormatSettings.Default;
        ILogFormat? best = null;
        long bestCount = 0;
        var lines = NonBlankLines(TakeLines(sample));
        foreach (var format in FormatRegistry.All)
        {
            var count = format.Probe(sample, settings);
            if (count * 2 < lines && format.Reframer(sample) is null) continue;
            if (count > bestCount)
            {
                best = format;
                bestCount = count;
            }
        }
        return best;
    }

    private static long NonBlankLines(ReadOnlySpan<byte> lines)
    {
        long count = 0;
        foreach (var range in lines.Split(ByteSets.Lf))
        {
            // Comment and directive lines (# …: W3C headers, annotated test logs) are no evidence either way.
            var line = lines[range].Trim(" \t\r"u8);
            if (!line.IsEmpty && line[0] != (byte)'#') count++;
        }
        return count;
    }

    /// <summary>
    /// Whole lines from the sample, at most <see cref="SampleLines"/>, each ending with LF (the
    /// block contract of <see cref="IBlockParser"/>); a sample without any LF is one line.
    /// </summary>
    public static ReadOnlySpan<byte> TakeLines(ReadOnlySpan<byte> sample)
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
}
