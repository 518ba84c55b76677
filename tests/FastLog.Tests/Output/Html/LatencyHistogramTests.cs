using System.Globalization;
using FastLog.Aggregation.Sketches;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Output;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// The Performance panel's request-time histogram: every timed request counted once, in the bin
/// of its time (checked against awk over the log; a time within 0.4 % of an edge may fall in
/// the bin next to it, as docs/html-report.md says), drawn as bars with a table view.
/// </summary>
public class LatencyHistogramTests
{
    private static readonly long[] s_edgesMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

    [Fact]
    public void Performance_HistogramHasEveryTimedRequestInItsRange()
    {
        using var dir = new TempDirectory("latency-histogram");
        var log = dir.File("nginx.log");
        GeneratedInputs.Write(log, LogFormat.Nginx, 20_000, seed: 11, malformedPerMillion: 0);
        var document = HtmlReportChecks.Parse(FastLogCli.Run("analyze", "--stable", "--output", "html", log).Ok());
        var heading = document.QuerySelectorAll("#performance h3").Single(h => h.TextContent == "Request time histogram");
        var chart = heading.NextElementSibling!;
        Assert.Equal("svg", chart.LocalName);
        var rows = chart.NextElementSibling!.QuerySelectorAll("tr").Skip(1)
            .Select(r => (Label: r.Children[0].TextContent, Count: long.Parse(r.Children[1].TextContent.Replace(",", ""), CultureInfo.InvariantCulture)))
            .ToArray();
        // One bar per row, with the same count in its title.
        Assert.Equal(rows.Select(r => $"{r.Label}: {r.Count:N0}"), chart.QuerySelectorAll("rect").Select(b => b.TextContent));

        // Oracle: nginx's request_time (seconds, the last field) per bin, with awk, and per edge the
        // times within 0.5 % of it, which the log-bucket histogram may count in the bin next door.
        var edges = string.Join(' ', s_edgesMs.Select(e => (e / 1000.0).ToString(CultureInfo.InvariantCulture)));
        var oracle = Shell.Run($"awk -v e='{edges}' 'BEGIN {{ n = split(e, edge, \" \") }} {{ t = $NF + 0; b = 0; while (b < n && t >= edge[b + 1]) b++; c[b]++; "
                + $"for (j = 1; j <= n; j++) if (t >= edge[j] * 0.995 && t <= edge[j] * 1.005) near[j - 1]++ }} END {{ for (b = 0; b <= n; b++) print c[b] + 0, near[b] + 0 }}' {Shell.Quote(log)}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ').Select(long.Parse).ToArray()).ToArray();
        var counts = oracle.Select(o => o[0]).ToArray();
        var near = oracle.Select(o => o[1]).ToArray();
        // The rows are a run of consecutive bins, and every timed request is in one of them.
        var firstBin = Array.IndexOf(s_labels, rows[0].Label);
        Assert.Equal(s_labels[firstBin..(firstBin + rows.Length)], rows.Select(r => r.Label));
        Assert.Equal(counts.Sum(), rows.Sum(r => r.Count));
        for (var bin = 0; bin < counts.Length; bin++)
        {
            var shown = bin >= firstBin && bin < firstBin + rows.Length ? rows[bin - firstBin].Count : 0;
            var slack = near[bin] + (bin > 0 ? near[bin - 1] : 0);
            Assert.True(Math.Abs(shown - counts[bin]) <= slack, $"{s_labels[bin]}: {shown}, awk counts {counts[bin]} ({slack} within 0.5 % of its edges)");
        }
        Assert.True(rows.Length >= 3, "the generated log spreads its request times over several bins");
    }

    [Theory]
    [InlineData(new long[] { 0, 999, 1_000, 1_999, 2_000, 9_000_000, 11_000_000, 60_000_000 }, new[] { "< 1 ms:2", "1–2 ms:2", "2–5 ms:1", "5–10 ms:0", "10–20 ms:0", "20–50 ms:0", "50–100 ms:0", "100–200 ms:0", "200–500 ms:0", "500 ms–1 s:0", "1–2 s:0", "2–5 s:0", "5–10 s:1", "≥ 10 s:2" })]
    [InlineData(new long[] { 150_000, 180_000, 450_000 }, new[] { "100–200 ms:2", "200–500 ms:1" })]
    public void Bins_RunFromTheFirstToTheLastWithRequests(long[] micros, string[] expected)
    {
        var histogram = new LogHistogram();
        foreach (var value in micros) histogram.Add(value);
        Assert.Equal(expected, LatencyHistogram.Of(histogram).Select(b => $"{b.Label}:{b.Count}"));
    }

    private static readonly string[] s_labels =
        ["< 1 ms", "1–2 ms", "2–5 ms", "5–10 ms", "10–20 ms", "20–50 ms", "50–100 ms", "100–200 ms", "200–500 ms", "500 ms–1 s", "1–2 s", "2–5 s", "5–10 s", "≥ 10 s"];

}
