using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Issue 12.17: every reported percentile lies within [min, max], p50 ≤ p90 ≤ p95 ≤ p99, and each
/// is within the documented 1 % of the exact nearest-rank percentile (sorted here, the oracle).
/// A property over seeded random data sets of several shapes, in every output that reports
/// percentiles (stats json/csv, grouped or not, and analyze's response bytes).
/// </summary>
public sealed class PercentileBoundsTests : IDisposable
{
    private static readonly double[] s_quantiles = [0.50, 0.90, 0.95, 0.99];
    private readonly TempDirectory _dir = new("percentile-bounds");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 0; seed < 24; seed++) seeds.Add(seed);
        return seeds;
    }

    /// <summary>Values of one of four shapes, the shape chosen by the seed: rounding to 4 significant digits pushes each past its max.</summary>
    private static long[] Values(int seed)
    {
        var random = new Random(1217 + seed);
        var n = 1 + random.Next(150);
        var values = new long[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (seed % 4) switch
            {
                0 => 999_999_999_999_999_999, // the issue: one 18-digit value repeated
                1 => (long)Math.Pow(10, 4 + random.Next(15)) - 1 - random.Next(3), // just below a power of ten
                2 => random.Next(2) == 0 ? random.Next(200) : random.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999),
                _ => Math.Min(999_999_999_999_999_999L, (long)Math.Pow(10, random.NextDouble() * 18.5)), // 18 digits at most, as the parser takes
            };
        }
        return values;
    }

    private string Log(long[] values)
    {
        var text = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
            text.Append($"10.0.0.1 - - [10/Oct/2023:13:00:{i % 60:00} +0000] \"GET /x HTTP/1.1\" {(i % 2 == 0 ? 200 : 404)} {values[i]} \"-\" \"ua\"\n");
        var path = _dir.File("values.log");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Theory, MemberData(nameof(Seeds))]
    public void ReportedPercentiles_LieWithinMinMax_AreMonotone_AndWithinOnePercent(int seed)
    {
        var values = Values(seed);
        var log = Log(values);
        var groups = new Dictionary<string, long[]>
        {
            [""] = values,
            ["200"] = values.Where((_, i) => i % 2 == 0).ToArray(),
            ["404"] = values.Where((_, i) => i % 2 == 1).ToArray(),
        };

        using (var stats = JsonDocument.Parse(FastLogCli.Run("stats", "bytes", "--output", "json", log).Ok()))
            Check(seed, "stats json", values, Row(stats.RootElement.GetProperty("rows")[0]));
        using (var byStatus = JsonDocument.Parse(FastLogCli.Run("stats", "bytes", "--by", "status", "--output", "json", log).Ok()))
            foreach (var row in byStatus.RootElement.GetProperty("rows").EnumerateArray())
                Check(seed, "stats --by status json", groups[row.GetProperty("status").GetString()!], Row(row));
        var csv = FastLogCli.Run("stats", "bytes", "--output", "csv", log).Ok().Split('\n')[1].Split(',');
        Check(seed, "stats csv", values, [.. csv[1..].Select(c => long.Parse(c.Split('.')[0], CultureInfo.InvariantCulture))]);
        using (var analyze = JsonDocument.Parse(FastLogCli.Run("analyze", "--output", "json", "--stable", log).Ok()))
            Check(seed, "analyze json", values, Row(analyze.RootElement.GetProperty("performance").GetProperty("response_bytes")));
    }

    /// <summary>min, mean (truncated), p50, p90, p95, p99, max of a JSON row.</summary>
    private static long[] Row(JsonElement row)
        => [row.GetProperty("min").GetInt64(), (long)row.GetProperty("mean").GetDouble(),
            .. new[] { "p50", "p90", "p95", "p99" }.Select(p => row.GetProperty(p).GetInt64()), row.GetProperty("max").GetInt64()];

    private static void Check(int seed, string form, long[] values, long[] reported)
    {
        var sorted = values.Order().ToArray();
        var (min, max) = (reported[0], reported[6]);
        var what = $"seed {seed}, {form}: [{string.Join(", ", reported)}] over {values.Length} values";
        Assert.True(min == sorted[0] && max == sorted[^1], $"{what}: min/max {sorted[0]}/{sorted[^1]} expected");
        var previous = min;
        for (var p = 0; p < s_quantiles.Length; p++)
        {
            var got = reported[2 + p];
            Assert.True(got >= previous && got <= max, $"{what}: p{s_quantiles[p] * 100} = {got} is not within [{previous}, {max}]");
            previous = got;
            var exact = sorted[Math.Max(1, (int)Math.Ceiling(s_quantiles[p] * sorted.Length)) - 1];
            Assert.True(Math.Abs((decimal)got - exact) <= exact * 0.01m, $"{what}: p{s_quantiles[p] * 100} = {got}, exact {exact}");
        }
    }
}
