using System.Globalization;

namespace FastLog.Output.Text;

/// <summary>
/// The text of the progress line on a terminal's stderr: bytes done (of the total when it is
/// known), throughput, records and, with a known total, the estimated time left. Decimal units
/// (kB = 1000 B), as <c>MB/s</c> is everywhere else in FastLog's output.
/// </summary>
public static class ProgressLine
{
    private static readonly string[] s_units = ["kB", "MB", "GB", "TB", "PB"];

    /// <summary>
    /// The line for <paramref name="bytesDone"/> of <paramref name="totalBytes"/> (negative: unknown,
    /// as for stdin and gzip, which then show no share and no ETA) after <paramref name="elapsed"/>.
    /// </summary>
    public static string Format(long bytesDone, long totalBytes, long records, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var rate = seconds > 0 ? bytesDone / seconds : 0;
        var recordsText = records.ToString("N0", CultureInfo.InvariantCulture) + " records";
        if (totalBytes < 0)
            return $"{Size(bytesDone)} read  {Size(rate)}/s  {recordsText}";
        var share = totalBytes > 0 ? Math.Min(100, bytesDone * 100 / totalBytes) : 100;
        var eta = rate > 0 ? Duration(Math.Max(0, totalBytes - bytesDone) / rate) : "--";
        return $"{Size(bytesDone)} / {Size(totalBytes)} ({share}%)  {Size(rate)}/s  {recordsText}  ETA {eta}";
    }

    /// <summary><paramref name="bytes"/> as <c>812 B</c>, <c>1.5 kB</c>, <c>312.4 MB</c>, <c>1.1 GB</c>.</summary>
    public static string Size(double bytes)
    {
        if (bytes < 999.5) return Math.Round(bytes).ToString("0", CultureInfo.InvariantCulture) + " B";
        var value = bytes / 1000;
        var unit = 0;
        // Invariant: value = bytes / 1000^(unit + 1); each step divides by 1000, at most PB.
        while (value >= 999.95 && unit < s_units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + s_units[unit];
    }

    /// <summary><paramref name="seconds"/> rounded up, as <c>7s</c>, <c>1m05s</c>, <c>2h03m</c>; <c>--</c> past 100 hours.</summary>
    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds >= 100 * 3600) return "--";
        var whole = (long)Math.Ceiling(seconds);
        if (whole < 60) return $"{whole}s";
        if (whole < 3600) return $"{whole / 60}m{whole % 60:00}s";
        return $"{whole / 3600}h{whole / 60 % 60:00}m";
    }
}
