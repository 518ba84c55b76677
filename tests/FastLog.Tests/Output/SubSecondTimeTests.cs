using System.Text;
using FastLog.Tests.Formats;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Output;

/// <summary>
/// Issue 13.10: a timestamp's fraction of a second, as its source wrote it, is printed by every
/// record writer (filter csv/jsonl, convert csv/jsonl/parquet) as RFC 3339 with up to six digits,
/// trailing zeros trimmed; whole-second sources print as before; convert round trips keep it;
/// grouping and buckets stay on whole units.
/// </summary>
public class SubSecondTimeTests
{
    private const string Clf = "%h %l %u %t \"%r\" %>s %b";

    /// <summary>(shape, input line, extra options, expected ts) — the expected text is read off the line by hand.</summary>
    public static TheoryData<string, string, string[], string> Shapes() => new()
    {
        { "jsonl, microseconds", """{"ts":"2024-03-01T10:00:00.123456Z","msg":"a"}""", [], "2024-03-01T10:00:00.123456Z" },
        { "jsonl, trailing zeros trimmed", """{"ts":"2024-03-01T10:00:00.120000Z","msg":"a"}""", [], "2024-03-01T10:00:00.12Z" },
        { "jsonl, offset and one digit", """{"ts":"2024-03-01T10:00:02.5+01:00","msg":"a"}""", [], "2024-03-01T09:00:02.5Z" },
        { "jsonl, nanoseconds cut to microseconds", """{"ts":"2024-03-01T10:00:03.123456789Z","msg":"a"}""", [], "2024-03-01T10:00:03.123456Z" },
        { "jsonl, below a microsecond", """{"ts":"2024-03-01T10:00:03.000000400Z","msg":"a"}""", [], "2024-03-01T10:00:03Z" },
        { "jsonl, whole second", """{"ts":"2024-03-01T10:00:01Z","msg":"a"}""", [], "2024-03-01T10:00:01Z" },
        { "ALB", AlbParserTests.HttpExample, [], "2018-07-02T22:23:00.186641Z" },
        { "RFC 5424", "<13>1 2020-03-13T20:45:38.119Z host app 2426 ID931 - message", [], "2020-03-13T20:45:38.119Z" },
        { "RFC 5424, whole second", "<13>1 2003-10-11T22:14:15Z host app 1 - - message", [], "2003-10-11T22:14:15Z" },
        { "nginx $msec in %{msec}t", "192.0.2.1 - - 1700000000.123 \"GET / HTTP/1.1\" 200 5", ["--format", "custom", "--log-format", "%h %l %u %{msec}t \"%r\" %>s %b"], "2023-11-14T22:13:20.123Z" },
        { "Apache %{msec}t (milliseconds)", "192.0.2.1 - - 1700000000123 \"GET / HTTP/1.1\" 200 5", ["--format", "custom", "--log-format", "%h %l %u %{msec}t \"%r\" %>s %b"], "2023-11-14T22:13:20.123Z" },
        { "Apache %{usec}t", "192.0.2.1 - - 1700000000000042 \"GET / HTTP/1.1\" 200 5", ["--format", "custom", "--log-format", "%h %l %u %{usec}t \"%r\" %>s %b"], "2023-11-14T22:13:20.000042Z" },
        { "%{sec}t with a fraction", "192.0.2.1 - - 1700000000.5 \"GET / HTTP/1.1\" 200 5", ["--format", "custom", "--log-format", "%h %l %u %{sec}t \"%r\" %>s %b"], "2023-11-14T22:13:20.5Z" },
        { "CLF %t, whole second", "192.0.2.1 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5", ["--format", "custom", "--log-format", Clf], "2023-10-10T13:55:36Z" },
    };

    private static string Run(string line, string[] options, params string[] output)
        => FastLogCli.RunWithStdin(Encoding.UTF8.GetBytes(line + "\n"), ["filter", "-", .. options, .. output]).Ok();

    [Theory, MemberData(nameof(Shapes))]
    public void FilterOutputs_KeepTheSourceFraction(string shape, string line, string[] options, string ts)
    {
        Assert.True(Run(line, options, "--output", "csv", "--fields", "ts") == $"ts\n{ts}\n", shape);
        Assert.True(Run(line, options, "--output", "jsonl", "--fields", "ts") == $"{{\"ts\":\"{ts}\"}}\n", shape);
    }

    [Theory, MemberData(nameof(Shapes))]
    public void ConvertRoundTrips_KeepTheFraction(string shape, string line, string[] options, string ts)
    {
        using var dir = new TempDirectory("subsecond");
        var input = dir.File("in.log");
        File.WriteAllText(input, line + "\n");
        var jsonl = dir.File("a.jsonl");
        var parquet = dir.File("a.parquet");
        var csv = dir.File("a.csv");
        FastLogCli.Run(["convert", input, .. options, "--to", "jsonl", "-o", jsonl]).Ok();
        FastLogCli.Run(["convert", input, .. options, "--to", "parquet", "-o", parquet]).Ok();
        FastLogCli.Run(["convert", parquet, "--to", "jsonl", "-o", dir.File("b.jsonl")]).Ok();
        Assert.True(File.ReadAllText(jsonl) == File.ReadAllText(dir.File("b.jsonl")), shape + ": jsonl -> parquet -> jsonl");
        Assert.Contains($"\"ts\":\"{ts}\"", File.ReadAllText(jsonl));
        FastLogCli.Run(["convert", parquet, "--to", "csv", "-o", csv]).Ok();
        Assert.Contains($",{ts},", File.ReadAllText(csv));
        // The CSV read back gives the same instant.
        Assert.Equal($"ts\n{ts}\n", FastLogCli.Run("filter", csv, "--output", "csv", "--fields", "ts").Ok());
    }

    [Fact]
    public void GroupsAndBuckets_StayOnWholeUnits()
    {
        var lines = """
            {"ts":"2024-03-01T10:00:00.100Z","msg":"a"}
            {"ts":"2024-03-01T10:00:00.900Z","msg":"b"}
            {"ts":"2024-03-01T10:59:59.999Z","msg":"c"}
            """ + "\n";
        var byTs = FastLogCli.RunWithStdin(Encoding.UTF8.GetBytes(lines), "count", "-", "--by", "ts", "--output", "csv").Ok();
        Assert.Contains("2024-03-01T10:00:00Z,2", byTs);
        var byHour = FastLogCli.RunWithStdin(Encoding.UTF8.GetBytes(lines), "count", "-", "--by", "hour", "--output", "csv").Ok();
        Assert.Contains("2024-03-01T10,3", byHour);
        // --since compares the full instant: 10:00:00.5 excludes the first record only.
        var since = FastLogCli.RunWithStdin(Encoding.UTF8.GetBytes(lines), "count", "-", "--since", "2024-03-01T10:00:00.5Z").Ok();
        Assert.Equal("2\n", since);
    }
}
