namespace FastLog.Output.Table;

/// <summary>
/// Whether and how the table report draws bars: only for a terminal (never in a pipe, a file or
/// with <c>--stable</c>, so scripted outputs stay byte-identical), as Unicode blocks or, with
/// <c>--ascii</c> or a locale that is not UTF-8, as <c>#</c>.
/// </summary>
public enum TerminalBars
{
    /// <summary>No bar column (pipes, files, <c>--stable</c>).</summary>
    None,
    /// <summary>Bars of <c>█</c> with an eighth-block end, series as <c>▁▂▃▄▅▆▇█</c> sparklines.</summary>
    Blocks,
    /// <summary>Bars and sparklines of <c>#</c> only.</summary>
    Ascii,
}

/// <summary>Bar and sparkline text for <see cref="TerminalBars"/>.</summary>
public static class BarText
{
    /// <summary>Columns of the longest bar: leaves room for the value column of an 80-column terminal.</summary>
    public const int Width = 20;

    /// <summary>The longest sparkline; a longer series is summed into this many buckets.</summary>
    public const int MaxSparkline = 72;

    // Left partial blocks, one to seven eighths of a column.
    private static readonly string[] s_eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    private static readonly char[] s_levels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    /// <summary>A bar of <paramref name="value"/> out of <paramref name="max"/> (the longest, <see cref="Width"/> columns).</summary>
    public static string Bar(long value, long max, TerminalBars style)
    {
        if (style == TerminalBars.None || max <= 0 || value <= 0) return "";
        if (style == TerminalBars.Ascii) return new string('#', (int)Math.Max(1, Math.Round((double)value * Width / max)));
        var eighths = (int)Math.Max(1, Math.Round((double)value * Width * 8 / max));
        return new string('█', eighths / 8) + s_eighths[eighths % 8];
    }

    /// <summary>One character per value (buckets summed past <see cref="MaxSparkline"/>), height relative to the largest.</summary>
    public static string Sparkline(IReadOnlyList<long> values, TerminalBars style)
    {
        if (style == TerminalBars.None || values.Count == 0) return "";
        var buckets = Math.Min(values.Count, MaxSparkline);
        var sums = new long[buckets];
        for (var i = 0; i < values.Count; i++) sums[(int)((long)i * buckets / values.Count)] += values[i];
        var max = sums.Max();
        var chars = new char[buckets];
        for (var b = 0; b < buckets; b++)
        {
            if (style == TerminalBars.Ascii) chars[b] = sums[b] * 2 >= max && max > 0 ? '#' : sums[b] > 0 ? '.' : ' ';
            // Level ceil(8 v / max) - 1: the largest bucket is a full block, an empty one the lowest.
            else chars[b] = s_levels[max == 0 || sums[b] == 0 ? 0 : (int)Math.Min(7, (sums[b] * 8 + max - 1) / max - 1)];
        }
        return new string(chars);
    }
}
