using FastLog.Aggregation.Sketches;
using FastLog.Output.Model;

namespace FastLog.Output;

/// <summary>The request-time histogram of the report: bins on a 1-2-5 scale from 1 ms to 10 s.</summary>
public static class LatencyHistogram
{
    /// <summary>Bin edges in microseconds.</summary>
    private static readonly long[] s_edges = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000];

    /// <summary>The bins of <paramref name="requestTimes"/>, from the first to the last with requests.</summary>
    public static List<LatencyBin> Of(LogHistogram requestTimes)
    {
        var counts = requestTimes.CountsInBins(s_edges);
        var first = Array.FindIndex(counts, c => c > 0);
        var last = Array.FindLastIndex(counts, c => c > 0);
        var bins = new List<LatencyBin>();
        for (var i = Math.Max(first, 0); i <= last; i++)
        {
            long from = i == 0 ? 0 : s_edges[i - 1];
            long? to = i < s_edges.Length ? s_edges[i] : null;
            var label = i == 0 ? "< " + Time(s_edges[0]) : to is { } end ? Range(from, end) : "≥ " + Time(from);
            bins.Add(new LatencyBin { From = from, To = to, Count = counts[i], Label = label });
        }
        return bins;
    }

    // 1–2 ms, 500 ms–1 s: the unit once when both ends share it.
    private static string Range(long from, long to)
        => from >= 1_000_000 == to >= 1_000_000 ? Number(from) + "–" + Time(to) : Time(from) + "–" + Time(to);

    private static string Time(long micros) => Number(micros) + (micros >= 1_000_000 ? " s" : " ms");

    private static string Number(long micros) => (micros >= 1_000_000 ? micros / 1_000_000 : micros / 1_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
