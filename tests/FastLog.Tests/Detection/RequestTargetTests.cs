using System.Text.Json;
using FastLog.Tests.TestSupport;
using static FastLog.Tests.TestSupport.ParquetTestWriter;

namespace FastLog.Tests.Detection;

/// <summary>
/// A finding's <c>url.original</c> and the web rules see <c>path?query</c> whether the log wrote
/// the target as one (CLF) or as two values with other fields between them (W3C, Parquet): never
/// the bytes between the two values.
/// </summary>
public class RequestTargetTests
{
    private const string Target = "/download?file=../../etc/passwd";

    /// <summary>The path-traversal findings of <c>detect</c> on the input.</summary>
    private static List<JsonElement> Traversals(params string[] input) =>
        [.. FastLogCli.Run(["detect", "--output", "jsonl", .. input]).Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(f => f.GetProperty("rule").GetProperty("id").GetString() == "W2")];

    public static TheoryData<string> Forms => ["combined", "w3c", "parquet-converted", "parquet-foreign"];

    [Theory, MemberData(nameof(Forms))]
    public void FindingUrl_IsPathQuestionMarkQuery_InEveryForm(string form)
    {
        using var temp = new TempDirectory("request-target");
        var combined = temp.File("access.log");
        File.WriteAllText(combined, $"10.0.0.1 - - [01/Mar/2024:12:00:00 +0000] \"GET {Target} HTTP/1.1\" 200 10 \"-\" \"curl/8\"\n");
        string[] input;
        switch (form)
        {
            case "combined":
                input = [combined];
                break;
            case "w3c":
                var w3c = temp.File("u_ex.log");
                File.WriteAllText(w3c, "#Fields: date time c-ip cs-method cs-uri-stem cs(User-Agent) cs-uri-query sc-status sc-bytes\n" +
                    "2024-03-01 12:00:00 10.0.0.1 GET /download curl/8 file=../../etc/passwd 200 10\n");
                input = ["--format", "w3c", w3c];
                break;
            case "parquet-converted":
                var converted = temp.File("access.parquet");
                FastLogCli.Run("convert", combined, "--to", "parquet", "-o", converted).Ok();
                input = [converted];
                break;
            default:
                var foreign = temp.File("foreign.parquet");
                Write(foreign, Strings("ip", "10.0.0.1"), Strings("method", "GET"), Strings("path", "/download"),
                    Strings("query", "file=../../etc/passwd"), Ints("status", 200), Times(new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc)));
                input = [foreign];
                break;
        }

        var finding = Assert.Single(Traversals(input));
        Assert.Equal(Target, finding.GetProperty("url").GetProperty("original").GetString());
    }

    [Fact]
    public void FieldsBetweenPathAndQuery_AreNotPartOfTheTarget()
    {
        using var temp = new TempDirectory("request-target-between");
        var w3c = temp.File("u_ex.log");
        // The agent sits between cs-uri-stem and cs-uri-query: "../" in it is no traversal in the URL.
        File.WriteAllText(w3c, "#Fields: date time c-ip cs-method cs-uri-stem cs(User-Agent) cs-uri-query sc-status sc-bytes\n" +
            "2024-03-01 12:00:00 10.0.0.1 GET /download ../../agent q=1 200 10\n");

        Assert.Empty(Traversals("--format", "w3c", w3c));
    }
}
