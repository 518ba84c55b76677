using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Aggregation;

/// <summary>A combined log with a known number of distinct clients and visitors, and a few path-traversal findings.</summary>
public sealed class ManyClientsLog : IDisposable
{
    /// <summary>30,000 lines, each from a new client but every 20th (a repeat): far past a budget of 500 keys.</summary>
    public const int Lines = 30_000;

    private readonly TempDirectory _dir = new("many-clients");

    public ManyClientsLog()
    {
        Path = _dir.File("many-clients.log");
        var text = new StringBuilder();
        // The findings come first, so their client is admitted before any budget fills.
        for (var i = 0; i < 12; i++)
            text.Append($"6.6.6.6 - - [10/Oct/2023:00:00:{i:00} +0000] \"GET /cgi-bin/../../../etc/passwd HTTP/1.1\" 404 10 \"-\" \"curl/8\"\n");
        for (var i = 0; i < Lines; i++)
        {
            var client = i % 20 == 19 ? i - 7 : i;
            var day = 10 + i % 2;
            text.Append($"10.{client >> 16 & 255}.{client >> 8 & 255}.{client & 255} - - [{day}/Oct/2023:{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00} +0000] " +
                $"\"GET /p{i % 300} HTTP/1.1\" {(i % 11 == 0 ? 404 : 200)} {i % 5000} \"-\" \"agent-{i % 37}\"\n");
        }
        File.WriteAllText(Path, text.ToString());
        DistinctClients = long.Parse(Shell.Run($"LC_ALL=C awk '{{print $1}}' {Path} | sort -u | wc -l").Trim(), CultureInfo.InvariantCulture);
        // GoAccess's unique visitors: distinct (UTC day, client, agent); every line is +0000.
        UniqueVisitors = long.Parse(Shell.Run($"LC_ALL=C awk -F'\"' '{{split($1, a, \" \"); print substr(a[4], 2, 11) \"\\t\" a[1] \"\\t\" $6}}' {Path} | sort -u | wc -l").Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The log.</summary>
    public string Path { get; }
    /// <summary>Distinct client addresses, by awk and sort -u.</summary>
    public long DistinctClients { get; }
    /// <summary>Distinct (day, client, agent) triples, by awk and sort -u.</summary>
    public long UniqueVisitors { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Issues 11.13 and 12.6: every figure a memory budget capped or estimated says so in every
/// output of every command (table, json, jsonl, csv), with one warning line on stderr; and the
/// distinct counts past the budget are HyperLogLog estimates within the documented 2 %.
/// </summary>
public sealed class ApproximateMarkerTests(ManyClientsLog log) : IClassFixture<ManyClientsLog>
{
    private const string Warning = "fastlog: warning: approximate results:";

    public static TheoryData<string, string[]> Forms() => new()
    {
        { "analyze table", ["analyze", "--output", "table"] },
        { "analyze json", ["analyze", "--output", "json"] },
        { "analyze --detect json", ["analyze", "--detect", "--output", "json"] },
        { "top table", ["top", "ip", "--output", "table"] },
        { "top json", ["top", "ip", "--output", "json"] },
        { "top csv", ["top", "ip", "--output", "csv"] },
        { "count --by table", ["count", "--by", "ip,status", "--output", "table"] },
        { "count --by json", ["count", "--by", "ip,status", "--output", "json"] },
        { "count --by csv", ["count", "--by", "ip,status", "--output", "csv"] },
        { "stats --by table", ["stats", "bytes", "--by", "ip", "--output", "table"] },
        { "stats --by json", ["stats", "bytes", "--by", "ip", "--output", "json"] },
        { "stats --by csv", ["stats", "bytes", "--by", "ip", "--output", "csv"] },
        { "detect table", ["detect", "--output", "table"] },
        { "detect json", ["detect", "--output", "json"] },
        { "detect jsonl", ["detect", "--output", "jsonl"] },
    };

    [Theory, MemberData(nameof(Forms))]
    public void PastTheBudget_EveryOutputIsMarked_AndStderrWarnsOnce(string form, string[] args)
    {
        var run = FastLogCli.Run([.. args, "--max-keys", "500", "--threads", "2", "--chunk-size", "200000", log.Path]);
        var output = run.Ok();
        Assert.True(Marked(form, output), $"{form}: no approximate marker in:\n{output}");
        Assert.Single(run.StderrLines, l => l.StartsWith(Warning));
    }

    [Theory, MemberData(nameof(Forms))]
    public void WithinTheBudget_NothingIsMarked_AndStderrIsQuiet(string form, string[] args)
    {
        var run = FastLogCli.Run([.. args, "--threads", "2", log.Path]);
        var output = run.Ok();
        Assert.False(Marked(form, output), $"{form}: approximate marker within the budget:\n{output}");
        Assert.DoesNotContain(run.StderrLines, l => l.StartsWith(Warning));
    }

    /// <summary>Whether <paramref name="output"/> carries the form's approximate marker.</summary>
    private static bool Marked(string form, string output)
    {
        if (form.StartsWith("analyze") && form.EndsWith("json"))
        {
            using var doc = JsonDocument.Parse(output);
            var traffic = doc.RootElement.GetProperty("traffic");
            var flags = new[]
            {
                doc.RootElement.GetProperty("overview").GetProperty("approximate").GetBoolean(),
                traffic.GetProperty("distinct_clients_approximate").GetBoolean(),
                traffic.GetProperty("unique_visitors_approximate").GetBoolean(),
                traffic.GetProperty("clients").GetProperty("approximate").GetBoolean(),
            };
            Assert.True(flags.All(f => f == flags[0]), $"{form}: flags disagree: {string.Join(", ", flags)}");
            return flags[0];
        }
        if (form == "analyze table")
            return output.Contains("\napproximate ") && output.Split('\n').Single(l => l.StartsWith("distinct clients")).Contains('≈');
        if (form.EndsWith("csv"))
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var marked = lines[0].EndsWith(",approximate");
            Assert.True(lines.Skip(1).All(l => l.EndsWith(",true") == marked), $"{form}: rows disagree with the header");
            return marked;
        }
        if (form.StartsWith("detect") && form.EndsWith("json") || form.EndsWith("jsonl"))
        {
            var findings = form.EndsWith("jsonl")
                ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList()
                : JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
            Assert.NotEmpty(findings);
            var flags = findings.Select(f => f.GetProperty("fastlog").TryGetProperty("approximate", out var a) && a.GetBoolean()).Distinct().ToList();
            return Assert.Single(flags);
        }
        if (form.EndsWith("json"))
        {
            using var doc = JsonDocument.Parse(output);
            return doc.RootElement.GetProperty("approximate").GetBoolean();
        }
        return output.Contains("approximate");
    }

    public static TheoryData<string> Threads() => new() { "1", "2" };

    [Theory, MemberData(nameof(Threads))]
    public void PastTheBudget_DistinctCountsAreEstimatesWithinTwoPercent(string threads)
    {
        string[] common = ["--max-keys", "500", "--threads", threads, "--chunk-size", "200000", log.Path];
        using var analyze = JsonDocument.Parse(FastLogCli.Run(["analyze", "--output", "json", .. common]).Ok());
        var traffic = analyze.RootElement.GetProperty("traffic");
        Within("analyze distinct_clients", log.DistinctClients, traffic.GetProperty("distinct_clients").GetInt64());
        Within("analyze traffic.clients.distinct", log.DistinctClients, traffic.GetProperty("clients").GetProperty("distinct").GetInt64());
        Within("analyze unique_visitors", log.UniqueVisitors, traffic.GetProperty("unique_visitors").GetInt64());
        Assert.Equal(traffic.GetProperty("unique_visitors").GetInt64(), traffic.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("unique_visitors").GetInt64()));
        using var top = JsonDocument.Parse(FastLogCli.Run(["top", "ip", "--output", "json", .. common]).Ok());
        Within("top ip distinct", log.DistinctClients, top.RootElement.GetProperty("distinct").GetInt64());
        using var stats = JsonDocument.Parse(FastLogCli.Run(["stats", "bytes", "--by", "ip", "--output", "json", .. common]).Ok());
        Within("stats --by ip groups", log.DistinctClients, stats.RootElement.GetProperty("groups").GetInt64());
    }

    private static void Within(string what, long exact, long estimate)
        => Assert.True(Math.Abs(estimate - exact) <= exact * 0.02, $"{what}: estimate {estimate}, exact {exact} (2 % is {exact * 0.02:0})");
}
