using System.Globalization;
using System.Text.Json;
using FastLog.Tests.Output.Html;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Output;

/// <summary>
/// The service-health section of a JSON application log, against a hand-made fixture whose
/// figures are counted by hand below: the same figures in <c>analyze --output json</c>, in the
/// HTML report's service-health table and in the <c>service_health*</c> report tables.
/// </summary>
public class ServiceHealthReportTests
{
    // took is in ms (--field latency=took:ms). Errors are the levels error, crit, fatal and
    // emergency in any case; "errors" and "notice" are not. The last line has no ts: malformed.
    private const string Log = """
        {"ts":"2024-03-01T10:00:00Z","service":"api","level":"info","took":12}
        {"ts":"2024-03-01T10:00:01Z","service":"api","level":"ERROR","took":250}
        {"ts":"2024-03-01T10:05:00Z","service":"api","level":"info","took":30}
        {"ts":"2024-03-01T10:06:00Z","service":"api","level":"crit","took":40}
        {"ts":"2024-03-01T11:00:00Z","service":"web","level":"warn","took":5}
        {"ts":"2024-03-01T11:00:02Z","service":"web","level":"fatal"}
        {"ts":"2024-03-01T12:00:00Z","level":"info","took":7}
        {"ts":"2024-03-01T12:00:01Z","service":"db","level":"Emergency","took":100}
        {"ts":"2024-03-01T12:00:02Z","service":"db","level":"notice","took":100}
        {"ts":"2024-03-01T12:00:03Z","service":"db","level":"errors","took":2}
        {"service":"db","level":"error","took":9}

        """;

    /// <summary>One health row counted by hand: latencies in ms, in the order of the log.</summary>
    private sealed record Health(string? Service, long Records, long Errors, long[] LatenciesMs)
    {
        public double ErrorRate => (double)Errors / Records;

        public long[] SortedUs => LatenciesMs.Select(ms => ms * 1000).Order().ToArray();

        /// <summary>Nearest-rank quantile, as the report defines it (rank ceil(q·n), at least 1).</summary>
        public long Quantile(double q) => SortedUs[Math.Max(1, (int)Math.Ceiling(q * SortedUs.Length)) - 1];
    }

    private static readonly Health s_overall = new(null, 10, 4, [12, 250, 30, 40, 5, 7, 100, 100, 2]);

    // Records descending, then name bytewise.
    private static readonly Health[] s_services =
    [
        new("api", 4, 2, [12, 250, 30, 40]),
        new("db", 3, 1, [100, 100, 2]),
        new("web", 2, 1, [5]),
    ];

    private static string[] Run(TempDirectory dir, params string[] args)
    {
        var log = dir.File("app.jsonl");
        File.WriteAllText(log, Log);
        return ["analyze", "--stable", "--field", "latency=took:ms", .. args, log];
    }

    [Fact]
    public void Json_HasTheHandCountedFigures()
    {
        using var dir = new TempDirectory("health-json");
        using var json = JsonDocument.Parse(FastLogCli.Run([.. Run(dir, "--output", "json")]).Ok());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("overview").GetProperty("malformed").GetInt64());
        var health = root.GetProperty("service_health");
        Assert.Equal("jsonl", health.GetProperty("format").GetString());
        Assert.True(health.GetProperty("service_mapped").GetBoolean());
        Assert.False(health.GetProperty("approximate").GetBoolean());
        Assert.Equal(0, health.GetProperty("other").GetInt64());
        Assert.Equal(1, health.GetProperty("null").GetInt64());
        AssertHealth(s_overall, health.GetProperty("overall"));
        Assert.False(health.GetProperty("overall").TryGetProperty("service", out _));
        var services = health.GetProperty("services").EnumerateArray().ToArray();
        Assert.Equal(s_services.Length, services.Length);
        for (var i = 0; i < services.Length; i++)
        {
            Assert.Equal(s_services[i].Service, services[i].GetProperty("service").GetString());
            AssertHealth(s_services[i], services[i]);
        }
    }

    [Fact]
    public void Html_ServiceTableShowsTheHandCountedFigures()
    {
        using var dir = new TempDirectory("health-html");
        var page = dir.File("report.html");
        FastLogCli.Run([.. Run(dir, "--output", "html", "-o", page)]).Ok();
        var document = HtmlReportChecks.Parse(File.ReadAllText(page));
        var heading = Assert.Single(document.QuerySelectorAll("#views h3"), h => h.TextContent.StartsWith("Service health", StringComparison.Ordinal));
        Assert.Equal("Service health (jsonl)", heading.TextContent);
        var rows = heading.NextElementSibling!.QuerySelectorAll("tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToArray();
        Health[] expected = [s_overall with { Service = "(all)" }, .. s_services];
        Assert.Equal(expected.Length, rows.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var h = expected[i];
            string[] cells =
            [
                h.Service!, N(h.Records), N(h.Errors), Percent(h.ErrorRate), Percent(1 - h.ErrorRate),
                .. new[] { 0.5, 0.9, 0.99 }.Select(q => N(h.Quantile(q))),
            ];
            // Percentiles come from a log-bucket histogram: compare them within its bound, the rest exactly.
            Assert.Equal(cells[..5], rows[i][..5]);
            for (var c = 5; c < 8; c++) AssertWithinHistogramBound(long.Parse(cells[c], NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
                long.Parse(rows[i][c], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        }
        Assert.Equal("1 records without a service", heading.NextElementSibling!.NextElementSibling!.TextContent);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void Tables_HoldTheHandCountedFigures(string format)
    {
        using var dir = new TempDirectory("health-tables");
        var tables = dir.File("tables");
        FastLogCli.Run([.. Run(dir, "--output", format, "-o", tables)]).Ok();
        var summary = Assert.Single(Read(tables, "service_health_summary", format));
        Assert.Equal("jsonl,true,false,0,1", string.Join(',', summary));
        AssertHealthRow(s_overall, Assert.Single(Read(tables, "service_health_overall", format)));
        var services = Read(tables, "service_health", format);
        Assert.Equal(s_services.Length, services.Count);
        for (var i = 0; i < services.Count; i++)
        {
            Assert.Equal(s_services[i].Service, services[i][0]);
            AssertHealthRow(s_services[i], services[i][1..]);
        }
    }

    private static void AssertHealth(Health expected, JsonElement actual)
    {
        Assert.Equal(expected.Records, actual.GetProperty("records").GetInt64());
        Assert.Equal(expected.Errors, actual.GetProperty("errors").GetInt64());
        Assert.Equal(expected.ErrorRate, actual.GetProperty("error_rate").GetDouble(), 6);
        Assert.Equal(1 - expected.ErrorRate, actual.GetProperty("availability").GetDouble(), 6);
        var latency = actual.GetProperty("latency_us");
        AssertLatency(expected, [.. new[] { "count", "mean", "min", "p50", "p90", "p95", "p99", "max" }.Select(p => latency.GetProperty(p).GetRawText())]);
    }

    /// <summary>A table row's cells as text: records, errors, error_rate, availability, count, mean, min, p50, p90, p95, p99, max.</summary>
    private static void AssertHealthRow(Health expected, string?[] row)
    {
        Assert.Equal(12, row.Length);
        Assert.Equal(N0(expected.Records), row[0]);
        Assert.Equal(N0(expected.Errors), row[1]);
        Assert.Equal(expected.ErrorRate, double.Parse(row[2]!, CultureInfo.InvariantCulture), 6);
        Assert.Equal(1 - expected.ErrorRate, double.Parse(row[3]!, CultureInfo.InvariantCulture), 6);
        AssertLatency(expected, row[4..]);
    }

    /// <summary>count, mean, min, p50, p90, p95, p99, max: count, min and max exact, the mean to three decimals, quantiles within the histogram's bound.</summary>
    private static void AssertLatency(Health expected, string?[] cells)
    {
        var us = expected.SortedUs;
        Assert.Equal(N0(us.Length), cells[0]);
        Assert.Equal(us.Average(), double.Parse(cells[1]!, CultureInfo.InvariantCulture), 3);
        Assert.Equal(N0(us[0]), cells[2]);
        double[] quantiles = [0.5, 0.9, 0.95, 0.99];
        for (var q = 0; q < quantiles.Length; q++) AssertWithinHistogramBound(expected.Quantile(quantiles[q]), long.Parse(cells[3 + q]!, CultureInfo.InvariantCulture));
        Assert.Equal(N0(us[^1]), cells[7]);
    }

    // LogHistogram: a quantile is its bucket's midpoint clamped to min and max, within 1/256 of the value.
    private static void AssertWithinHistogramBound(long expected, long actual)
        => Assert.True(Math.Abs(actual - expected) <= expected / 256.0, $"{actual}, the nearest-rank value is {expected}");

    /// <summary>The rows of one table as text (CSV through Python's csv module; Parquet through Parquet.Net, booleans and numbers printed invariantly).</summary>
    private static List<string?[]> Read(string directory, string table, string format)
    {
        var path = Path.Combine(directory, $"{table}.{format}");
        if (format == "csv")
        {
            var text = Shell.Run($"python3 -c 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline=\"\")))))' {Shell.Quote(path)}");
            return JsonSerializer.Deserialize<string?[][]>(text)!.Skip(1).ToList();
        }
        var file = ParquetTestReader.Read(path);
        return Enumerable.Range(0, file.Rows).Select(r => file.Fields.Select(f => file.Columns[f.Name][r] switch
        {
            null => null,
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString(),
        }).ToArray()).ToList();
    }

    private static string N0(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
