using FastLog.Tests.TestSupport;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// <c>convert</c>'s outputs read back with the same fields: for every input format and every
/// output (parquet, jsonl, csv), <c>analyze --stable</c> of the converted file equals that of the
/// original, but for what only the original input can know (its bytes, lines, blank and malformed
/// lines, and its own format name in the list of input formats).
/// </summary>
public class ConvertRoundTripTests
{
    /// <summary>Format, the arguments that read the original, and how the input is made.</summary>
    public static TheoryData<string, string> Formats => new()
    {
        { "combined", "" }, { "common", "" }, { "nginx", "" }, { "w3c", "" }, { "alb", "" },
        { "syslog", "--year 2024" }, { "auth", "--year 2024" }, { "cloudtrail", "" }, { "github", "" },
        { "jsonl", "--format jsonl --field latency=took:ms" },
        { "custom", "--log-format %h\t%t\t%r\t%>s\t%b\t%D" },
    };

    private static string MakeInput(TempDirectory temp, string format)
    {
        var path = temp.File(format + ".log");
        switch (format)
        {
            case "jsonl":
                var lines = Enumerable.Range(0, 300).Select(i =>
                    $"{{\"ts\":\"2024-03-01T{i / 60:00}:{i % 60:00}:00Z\",\"level\":\"{(i % 7 == 0 ? "error" : "info")}\",\"service\":\"svc{i % 4}\",\"took\":{i * 3 % 250}.5,\"msg\":\"request {i}\",\"ip\":\"10.0.{i % 3}.{i % 11}\"}}");
                File.WriteAllText(path, string.Join('\n', lines) + "\n");
                break;
            case "custom":
                var custom = Enumerable.Range(0, 300).Select(i =>
                    $"10.0.0.{i % 13}\t[01/Mar/2024:10:{i / 60:00}:{i % 60:00} +0100]\tGET /api/items/{i % 17}?page={i % 3} HTTP/1.1\t{(i % 9 == 0 ? 404 : 200)}\t{i * 31}\t{i * 997 % 5000}");
                File.WriteAllText(path, string.Join('\n', custom) + "\n");
                break;
            default:
                FastLogCli.Run("generate", "--format", format, "--lines", "1500", "--seed", "7", "-o", path).Ok();
                break;
        }
        return path;
    }

    /// <summary>The report without the input-only parts, sorted, as jq prints it.</summary>
    private static string Report(TempDirectory temp, string name, string[] args)
    {
        var path = temp.File(name + ".json");
        File.WriteAllText(path, FastLogCli.Run(["analyze", "--stable", "--output", "json", .. args]).Ok());
        return Shell.Run($"jq -S 'del(.overview.inputs, .overview.bytes, .overview.lines, .overview.blank, .overview.malformed, .overview.malformed_by_reason, .overview.malformed_samples, .overview.formats)' {Shell.Quote(path)}");
    }

    [Theory, MemberData(nameof(Formats))]
    public void EveryOutput_ReadsBack_WithTheSameReport(string format, string readArgs)
    {
        using var temp = new TempDirectory("convert-round-trip");
        var input = MakeInput(temp, format);
        string[] original = [.. readArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries), input];
        if (format == "custom") original = ["--log-format", "%h\t%t\t%r\t%>s\t%b\t%D", input];
        var expected = Report(temp, "original", original);
        Assert.Contains("\"records\"", expected);

        foreach (var to in new[] { "parquet", "jsonl", "csv" })
        {
            var converted = temp.File("converted." + to);
            FastLogCli.Run(["convert", .. original, "--to", to, "-o", converted]).Ok();
            string[] back = to == "jsonl" ? ["--format", "jsonl", converted] : [converted];
            OutputAssert.Equal(expected, Report(temp, to, back), $"{format} through {to}");
        }
    }
}
