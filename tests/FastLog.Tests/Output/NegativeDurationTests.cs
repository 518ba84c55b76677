using System.Text.Json;
using FastLog.Tests.TestSupport;
using static FastLog.Tests.TestSupport.ParquetTestWriter;

namespace FastLog.Tests.Output;

/// <summary>
/// A negative duration is one rule everywhere: the record is <c>bad_field_type</c> for every
/// command (not 0 in analyze and dropped in stats), and every writer's JSON, checked with jq, holds
/// each duration as a number or null, never <c>-</c>.
/// </summary>
public class NegativeDurationTests
{
    private static readonly DateTime s_t0 = new(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Each source holds three records: a negative duration, 12.5 ms, and none.</summary>
    public static TheoryData<string, string> Sources => new() { { "jsonl", "latency" }, { "parquet-int64", "latency" }, { "parquet-double", "request_time" } };

    private static string[] Input(TempDirectory temp, string source)
    {
        switch (source)
        {
            case "jsonl":
                var path = temp.File("app.jsonl");
                File.WriteAllText(path, """
                    {"ts":"2024-03-01T10:00:00Z","took":-5,"service":"a","level":"info"}
                    {"ts":"2024-03-01T10:01:00Z","took":12.5,"service":"b","level":"error"}
                    {"ts":"2024-03-01T10:02:00Z","service":"a","level":"warn"}

                    """.Replace("\r\n", "\n"));
                return ["--format", "jsonl", "--field", "latency=took:ms,service=service,level=level", path];
            case "parquet-int64":
                var longs = temp.File("app.parquet");
                Write(longs, Times(s_t0, s_t0.AddMinutes(1), s_t0.AddMinutes(2)), Strings("service", "a", "b", "a"), Longs("latency", -5000, 12500, null));
                return [longs];
            default:
                var doubles = temp.File("access.parquet");
                Write(doubles, Times(s_t0, s_t0.AddMinutes(1), s_t0.AddMinutes(2)), Strings("ip", "10.0.0.1", "10.0.0.2", "10.0.0.1"),
                    Ints("status", 200, 200, 200), Doubles("request_time", -0.5, 0.0125, null));
                return [doubles];
        }
    }

    [Theory, MemberData(nameof(Sources))]
    public void NegativeDuration_IsBadFieldType_ForEveryCommand(string source, string field)
    {
        using var temp = new TempDirectory("negative-duration");
        var input = Input(temp, source);

        var (records, malformed, _) = Formats.ValueDomainTests.Analyze(input);
        Assert.Equal(2, records);
        Assert.Equal(new Dictionary<string, long> { ["bad_field_type"] = 1 }, malformed);

        var stats = JsonDocument.Parse(FastLogCli.Run(["stats", field, "--output", "json", .. input]).Ok()).RootElement.GetProperty("rows")[0];
        Assert.Equal(1, stats.GetProperty("count").GetInt64());
        Assert.Equal(1, stats.GetProperty("missing").GetInt64());
        Assert.Equal(0.0125, stats.GetProperty("max").GetDouble());

        var parquet = temp.File("back.parquet");
        FastLogCli.Run(["convert", .. input, "--fields", $"ts,{field}", "--to", "parquet", "-o", parquet]).Ok();
        Assert.Equal([12500L, null], ParquetTestReader.Read(parquet).Columns[field]);
    }

    [Theory, MemberData(nameof(Sources))]
    public void EveryWriter_WritesEachDurationAsANumberOrNull(string source, string field)
    {
        using var temp = new TempDirectory("duration-writers");
        var input = Input(temp, source);
        string Save(string name, string text)
        {
            var path = temp.File(name);
            File.WriteAllText(path, text);
            return Shell.Quote(path);
        }

        // Records as JSON lines: the duration of each is a number or null.
        var filtered = Save("filter.jsonl", FastLogCli.Run(["filter", "--fields", $"ts,{field}", "--output", "jsonl", .. input]).Ok());
        Assert.Equal("0.0125\nnull\n", Shell.Run($"jq -c '.{field}' {filtered}"));
        var converted = temp.File("convert.jsonl");
        FastLogCli.Run(["convert", .. input, "--fields", $"ts,{field}", "--to", "jsonl", "-o", converted]).Ok();
        Assert.Equal("0.0125\nnull\n", Shell.Run($"jq -c '.{field}' {Shell.Quote(converted)}"));
        var csv = temp.File("convert.csv");
        FastLogCli.Run(["convert", .. input, "--fields", $"ts,{field}", "--to", "csv", "-o", csv]).Ok();
        Assert.Equal("0.0125\n-\n", Shell.Run($"awk -F, 'NR == 1 {{ for (i = 1; i <= NF; i++) if ($i == \"{field}\") c = i; next }} {{ print $c }}' {Shell.Quote(csv)}"));

        // Reports: valid JSON documents whose every number-typed leaf is a JSON number.
        foreach (var command in new[] { new[] { "analyze" }, ["stats", field], ["count", "--by", field], ["top", field] })
        {
            var report = Save("report.json", FastLogCli.Run([.. command, "--output", "json", .. input]).Ok());
            Assert.Equal("true\n", Shell.Run($"jq -e 'type == \"object\"' {report}"));
        }
    }
}
