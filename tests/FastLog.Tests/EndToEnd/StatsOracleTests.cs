using System.Globalization;
using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 5: <c>stats FIELD [--by F]</c> against tests/oracles/stats.py (exact: sorts every
/// value) over the oracle's fields of the 1M-line log: counts, min and max exact, mean to the
/// printed precision, percentiles within 1 % (exact for status); the same output for any thread
/// count.
/// </summary>
[Collection(WhereLogCollection.Name)]
public class StatsOracleTests(WhereLogFixture logs)
{
    private const string Stats = "python3 tests/oracles/stats.py";

    public static TheoryData<string, string[], string, bool> Cases() => new()
    {
        // field, fastlog arguments, oracle (reads clf_fields rows on stdin), exact percentiles
        { "bytes", ["stats", "bytes"], $"{Stats} 9", false },
        { "request_time", ["stats", "request_time"], $"{Stats} 12", false },
        { "status", ["stats", "status"], $"{Stats} 8", true },
        { "request_time", ["stats", "request_time", "--by", "method"], $"{Stats} 12 --by 4", false },
        { "bytes", ["stats", "bytes", "--by", "status", "--where", "method == GET"], $"LC_ALL=C awk -F'\\t' '$4 == \"GET\"' | {Stats} 9 --by 8", false },
        { "status", ["stats", "status", "--by", "protocol", "--where", "path startswith '/api/'"], $"LC_ALL=C awk -F'\\t' 'index($5, \"/api/\") == 1' | {Stats} 8 --by 7", true },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Stats_EqualTheExactOracle(string field, string[] args, string oracle, bool exactPercentiles)
    {
        var expected = Rows(Shell.Run($"({oracle}) < {logs.Fields}"));
        var csv = FastLogCli.Run([.. args, logs.Log, "--output", "csv"]).Ok();
        var actual = Rows(csv);
        var what = $"fastlog {string.Join(' ', args)} vs {oracle}";
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} groups expected, {actual.Count} got:\n{csv}");
        var grouped = args.Contains("--by");
        for (var g = 0; g < expected.Count; g++)
        {
            var (e, a) = (expected[g], actual[g]);
            var offset = grouped ? 1 : 0;
            if (grouped) Assert.Equal(e[0], a[0]);
            Assert.True(e[1] == a[offset], $"{what}, group '{e[0]}': count {e[1]} expected, {a[offset]} got");
            if (e[1] == "0") continue;
            Assert.True(decimal.Parse(e[2], CultureInfo.InvariantCulture) == Number(a[offset + 1]), $"{what}: min of '{e[0]}' {e[2]} vs {a[offset + 1]}");
            Assert.True(decimal.Parse(e[8], CultureInfo.InvariantCulture) == Number(a[offset + 7]), $"{what}: max of '{e[0]}' {e[8]} vs {a[offset + 7]}");
            var mean = decimal.Parse(e[3], CultureInfo.InvariantCulture);
            var meanTolerance = field == "request_time" ? 0.000001m : 0.005m; // printed to 6 and 2 decimals
            Assert.True(Math.Abs(mean - Number(a[offset + 2])) <= meanTolerance, $"{what}: mean of '{e[0]}' {e[3]} vs {a[offset + 2]}");
            for (var p = 0; p < 4; p++)
            {
                var exact = decimal.Parse(e[4 + p], CultureInfo.InvariantCulture);
                var got = Number(a[offset + 3 + p]);
                var tolerance = exactPercentiles ? 0m : exact * 0.01m;
                Assert.True(Math.Abs(exact - got) <= tolerance, $"{what}: p{new[] { 50, 90, 95, 99 }[p]} of '{e[0]}' {exact} vs {got} (tolerance {tolerance})");
            }
        }
    }

    [Fact]
    public void Stats_DoNotDependOnThreadsOrChunks()
    {
        var one = FastLogCli.Run("stats", "request_time", "--by", "status", logs.Log, "--output", "json", "--threads", "1").Ok();
        var many = FastLogCli.Run("stats", "request_time", "--by", "status", logs.Log, "--output", "json", "--threads", "3", "--chunk-size", "5000000").Ok();
        OutputAssert.Equal(one, many, "stats request_time --by status, --threads 1 vs --threads 3 --chunk-size 5000000");
        using var doc = JsonDocument.Parse(one);
        Assert.Equal("request_time", doc.RootElement.GetProperty("field").GetString());
        Assert.Equal("seconds", doc.RootElement.GetProperty("unit").GetString());
        Assert.False(doc.RootElement.GetProperty("approximate").GetBoolean());
    }

    // A table; without values the cells are '-' (bytes is '-' on every line of this selection).
    [Fact]
    public void Table_ShowsDashesWithoutValues()
    {
        var table = FastLogCli.Run("stats", "bytes", logs.Log, "--where", "bytes == null").Ok();
        var lines = table.Split('\n');
        Assert.Matches(@"^count\s+min\s+mean\s+p50\s+p90\s+p95\s+p99\s+max$", lines[0]);
        Assert.Matches(@"^\s*0\s+-\s+-\s+-\s+-\s+-\s+-\s+-$", lines[2]);
    }

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>CSV rows without the header (no field here holds a comma or quote).</summary>
    private static List<string[]> Rows(string csv)
        => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
}
