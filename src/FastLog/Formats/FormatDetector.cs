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

    /// <summary>
    /// Records per batch of a parser built to probe a sample: the batches go nowhere, and every
    /// input of a run is probed by every format, so a worker's 4096-record batch (hundreds of KB
    /// cleared per probe) would dominate a run over many small files.
    /// </summary>
    public const int ProbeBatchCapacity = 64;

    /// <summary>Lines examined at most.</summary>
    public const int SampleLines = 200;

    /// <summary>Detects the format of <paramref name="sample"/> (the first bytes of an input).</summary>
    public static ILogFormat? Detect(ReadOnlySpan<byte> sample, FormatSettings? settings = null)
    {
        settings ??= FormatSettings.Default;
        sample = WithoutNulRegions(sample);
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

    /// <summary>
    /// The sample without its NUL regions (runs of NULs at a line start, which the line cutter
    /// skips too), so that a preallocated or crash-damaged start does not hide the format. A copy
    /// only when there is a region.
    /// </summary>
    private static ReadOnlySpan<byte> WithoutNulRegions(ReadOnlySpan<byte> sample)
    {
        if (sample.IsEmpty || (sample[0] != 0 && sample.IndexOf("\n\0"u8) < 0)) return sample;
        var kept = new byte[sample.Length];
        var length = 0;
        var atLineStart = true;
        // Invariant: kept[0, length) is sample[0, i) without the NULs that followed a line start.
        for (var i = 0; i < sample.Length; i++)
        {
            var b = sample[i];
            if (b == 0 && atLineStart) continue;
            kept[length++] = b;
            atLineStart = b == ByteSets.Lf;
        }
        return kept.AsSpan(0, length);
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
    /// block contract of <see cref="IBlockParser"/>). A sample without any LF is one line when it
    /// is shorter than <see cref="SampleBytes"/> (a tiny input), and no line otherwise: the start
    /// of a line longer than the sample is no evidence (a cut combined line reads as common).
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
        if (sample.Length == 0 || sample.Length >= SampleBytes) return default;
        var copy = new byte[sample.Length + 1];
        sample.CopyTo(copy);
        copy[^1] = ByteSets.Lf;
        return copy;
    }
}
