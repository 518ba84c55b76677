using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary>
/// <c>--field</c> mappings add to the default jsonl mapping or override it field by field: the
/// defaults of fields a mapping does not name stay.
/// </summary>
public class JsonlMappingTests
{
    private const string Record = """{"ts":"2024-03-01T10:00:00Z","when":1709287260,"level":"error","service":"api","msg":"boom","host":"h1","ip":"10.0.0.1","took":12,"client":{"addr":"10.9.9.9"}}""";

    public static TheoryData<string, string> Mappings => new()
    {
        // A new field: every default stays.
        { "latency=took:ms", """{"ts":"2024-03-01T10:00:00Z","level":"error","service":"api","msg":"boom","host":"h1","ip":"10.0.0.1","latency":0.012}""" },
        // An override: ip comes from client.addr only; the others keep their defaults.
        { "ip=client.addr", """{"ts":"2024-03-01T10:00:00Z","level":"error","service":"api","msg":"boom","host":"h1","ip":"10.9.9.9","latency":null}""" },
        // An override by a key the record lacks: level is null, not the default "level" key.
        { "level=severity_text,latency=took:ms", """{"ts":"2024-03-01T10:00:00Z","level":null,"service":"api","msg":"boom","host":"h1","ip":"10.0.0.1","latency":0.012}""" },
        // ts from another key: the default ts keys no longer apply.
        { "ts=when:epoch", """{"ts":"2024-03-01T10:01:00Z","level":"error","service":"api","msg":"boom","host":"h1","ip":"10.0.0.1","latency":null}""" },
        // Two flags' worth in one: both apply, defaults of the rest stay.
        { "service=host,host=service", """{"ts":"2024-03-01T10:00:00Z","level":"error","service":"h1","msg":"boom","host":"api","ip":"10.0.0.1","latency":null}""" },
    };

    [Theory, MemberData(nameof(Mappings))]
    public void Mapping_AddsToOrOverridesTheDefaultsByName(string mapping, string expected)
    {
        using var temp = new TempDirectory("jsonl-mapping");
        var path = temp.File("app.jsonl");
        File.WriteAllText(path, Record + "\n");

        var line = FastLogCli.Run("filter", "--format", "jsonl", "--field", mapping, path,
            "--output", "jsonl", "--fields", "ts,level,service,msg,host,ip,latency").Ok();
        Assert.Equal(expected + "\n", line);
    }

    [Fact]
    public void LatencyMappingAlone_KeepsTheServiceHealthView()
    {
        using var temp = new TempDirectory("jsonl-mapping-health");
        var path = temp.File("app.jsonl");
        File.WriteAllText(path, Record + "\n" + Record.Replace("\"error\"", "\"info\"").Replace("\"api\"", "\"web\"") + "\n");

        var (_, _, report) = ValueDomainTests.Analyze("--format", "jsonl", "--field", "latency=took:ms", path);
        var text = report.ToString();
        // Both services by name, with the error one counted: level and service were not dropped.
        Assert.Contains("\"api\"", text);
        Assert.Contains("\"web\"", text);
        Assert.Equal("2\n", FastLogCli.Run("count", "--format", "jsonl", "--field", "latency=took:ms", "--where", "service != null and level != null", path).Ok());
    }
}
