using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// <c>--rules FILE</c>: per-event, thresholded and value_count custom rules on hand-made logs,
/// every bad-file message, thread/chunk invariance, and hit counts on a corpus file against
/// grep/python oracles.
/// </summary>
public class CustomRuleTests
{
    private const string Elastic = "apache-combined-elastic/apache_logs";
    private static readonly DateTimeOffset s_t0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Line(string ip, DateTimeOffset at, string request, int status, string ua = "Mozilla/5.0", string user = "-")
        => $"{ip} - {user} [{at:dd/MMM/yyyy:HH:mm:ss} +0000] \"{request}\" {status} 512 \"-\" \"{ua}\"\n";

    private static CliResult Detect(string log, string rules, params string[] extra)
    {
        using var dir = new TempDirectory("rules");
        var logPath = dir.File("access.log");
        var rulesPath = dir.File("rules.json");
        File.WriteAllText(logPath, log);
        File.WriteAllText(rulesPath, rules);
        return FastLogCli.Run([.. new[] { "detect", logPath, "--rules", rulesPath, "--output", "jsonl", "--format", "combined" }, .. extra]);
    }

    private static List<JsonElement> Findings(CliResult run, string? rule = null)
        => run.Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(f => rule is null || f.GetProperty("rule").GetProperty("id").GetString() == rule).ToList();

    private static long Count(JsonElement f) => f.GetProperty("event").GetProperty("count").GetInt64();
    private static string Ip(JsonElement f) => f.GetProperty("source").GetProperty("ip").GetString()!;

    [Fact]
    public void PerEventRuleGivesOneFindingPerClientWithEveryEventCounted()
    {
        var log = Line("192.0.2.1", s_t0, "GET /admin/login HTTP/1.1", 401)
            + Line("192.0.2.1", s_t0.AddSeconds(30), "GET /admin/users HTTP/1.1", 403)
            + Line("192.0.2.2", s_t0.AddSeconds(60), "GET /admin/login HTTP/1.1", 401)
            + Line("192.0.2.3", s_t0.AddSeconds(90), "GET /public HTTP/1.1", 401)   // not /admin
            + Line("192.0.2.4", s_t0.AddSeconds(95), "GET /admin/login HTTP/1.1", 200); // not denied
        const string rules = """
            [ // comments and trailing commas are allowed
              { "id": "ADM1", "name": "Denied admin access", "severity": "medium",
                "where": "status in [401, 403] and path startswith \"/admin\"", },
            ]
            """;
        var findings = Findings(Detect(log, rules), "ADM1");
        Assert.Equal([("192.0.2.1", 2L), ("192.0.2.2", 1L)], findings.Select(f => (Ip(f), Count(f))));
        var first = findings[0];
        Assert.Equal(47, first.GetProperty("event").GetProperty("severity").GetInt32());
        Assert.Equal("2024-03-01T12:00:00Z", first.GetProperty("event").GetProperty("start").GetString());
        Assert.Equal("2024-03-01T12:00:30Z", first.GetProperty("event").GetProperty("end").GetString());
        Assert.Equal("Denied admin access", first.GetProperty("rule").GetProperty("name").GetString());
        Assert.Equal(2, first.GetProperty("fastlog").GetProperty("evidence").GetArrayLength());
        Assert.Equal(1, first.GetProperty("fastlog").GetProperty("evidence")[0].GetProperty("line").GetInt64());
    }

    [Fact]
    public void KeywordsMatchTheRawLineCaseInsensitivelyAndAndWithWhere()
    {
        var log = Line("192.0.2.1", s_t0, "GET /a HTTP/1.1", 200, ua: "Nikto/2.5")
            + Line("192.0.2.2", s_t0, "GET /b HTTP/1.1", 200, ua: "NIKTO scanner")
            + Line("192.0.2.3", s_t0, "GET /c HTTP/1.1", 404, ua: "masscan/1.3")
            + Line("192.0.2.4", s_t0, "GET /d HTTP/1.1", 200, ua: "Mozilla/5.0");
        const string rules = """
            [ { "id": "K1", "name": "scanner agents", "severity": "low", "keywords": ["nikto", "MASSCAN"] },
              { "id": "K2", "name": "scanner agents that found pages", "severity": "high", "keywords": ["nikto", "masscan"], "where": "status == 200" } ]
            """;
        var run = Detect(log, rules);
        Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.3"], Findings(run, "K1").Select(Ip).Order());
        Assert.Equal(["192.0.2.1", "192.0.2.2"], Findings(run, "K2").Select(Ip).Order());
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void ThresholdedRuleFiresAtTheThresholdInOneFixedWindow(int inWindow, bool fires)
    {
        var sb = new StringBuilder();
        // inWindow failures in 12:00–12:05, and 4 more in 12:05–12:10: only the first bucket can reach 5.
        for (var i = 0; i < inWindow; i++) sb.Append(Line("198.51.100.7", s_t0.AddSeconds(10 + i), "POST /login HTTP/1.1", 401));
        for (var i = 0; i < 4; i++) sb.Append(Line("198.51.100.7", s_t0.AddSeconds(300 + i), "POST /login HTTP/1.1", 401));
        const string rules = """
            {"rules": [ { "id": "BF", "name": "login failures", "severity": "high", "where": "status == 401",
                          "threshold": 5, "window": "5m", "group_by": "ip" } ]}
            """;
        var findings = Findings(Detect(sb.ToString(), rules), "BF");
        if (!fires)
        {
            Assert.Empty(findings);
            return;
        }
        var f = Assert.Single(findings);
        Assert.Equal("198.51.100.7", Ip(f));
        Assert.Equal(5, Count(f));
        Assert.Equal(1, f.GetProperty("fastlog").GetProperty("windows").GetInt64());
        Assert.Equal("2024-03-01T12:00:00Z", f.GetProperty("event").GetProperty("start").GetString());
        Assert.Equal("2024-03-01T12:05:00Z", f.GetProperty("event").GetProperty("end").GetString());
    }

    [Fact]
    public void ValueCountRuleCountsDistinctValuesPerWindow()
    {
        var sb = new StringBuilder();
        // 192.0.2.1: 3 distinct 404 paths in one minute (one repeated); 192.0.2.2: 5 requests to 2 paths.
        foreach (var path in new[] { "/a", "/b", "/a", "/c" }) sb.Append(Line("192.0.2.1", s_t0.AddSeconds(5), $"GET {path} HTTP/1.1", 404));
        foreach (var path in new[] { "/a", "/b", "/a", "/b", "/a" }) sb.Append(Line("192.0.2.2", s_t0.AddSeconds(5), $"GET {path} HTTP/1.1", 404));
        const string rules = """
            [ { "id": "VC", "name": "many distinct missing paths", "severity": "medium", "where": "status == 404",
                "threshold": 3, "window": "1m", "distinct": "path" } ]
            """;
        var f = Assert.Single(Findings(Detect(sb.ToString(), rules), "VC"));
        Assert.Equal("192.0.2.1", Ip(f));
        Assert.Equal(3, Count(f));
    }

    [Theory]
    [InlineData("\"access\"", true)]
    [InlineData("\"combined\"", true)]
    [InlineData("[\"auth\", \"combined\"]", true)]
    [InlineData("\"common\"", false)]
    [InlineData("\"auth\"", false)]
    public void FormatScopeLimitsTheRecordsARuleReads(string format, bool fires)
    {
        var rules = $$$"""[ { "id": "F1", "name": "n", "severity": "low", "keywords": ["nikto"], "format": {{{format}}} } ]""";
        Assert.Equal(fires ? 1 : 0, Findings(Detect(Line("192.0.2.1", s_t0, "GET / HTTP/1.1", 200, ua: "Nikto"), rules), "F1").Count);
    }

    [Fact]
    public void AnalyzeDetectAddsCustomFindingsToTheSecuritySection()
    {
        using var dir = new TempDirectory("rules");
        var log = dir.File("access.log");
        var rules = dir.File("rules.json");
        File.WriteAllText(log, Line("192.0.2.1", s_t0, "GET /admin HTTP/1.1", 403) + Line("192.0.2.1", s_t0.AddSeconds(1), "GET /admin HTTP/1.1", 403));
        File.WriteAllText(rules, """[ { "id": "ADM", "name": "admin denied", "severity": "high", "where": "status == 403 and path == \"/admin\"" } ]""");
        var report = JsonDocument.Parse(FastLogCli.Run("analyze", log, "--detect", "--rules", rules, "--output", "json", "--stable").Ok()).RootElement;
        var finding = report.GetProperty("security").GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule_id").GetString() == "ADM");
        Assert.Equal(2, finding.GetProperty("events").GetInt64());
        Assert.Contains("ADM", report.GetProperty("security").GetProperty("incidents")[0].GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void RulesGroupedByAnotherFieldNameIt()
    {
        var log = Line("192.0.2.1", s_t0, "GET /x HTTP/1.1", 401, user: "alice") + Line("192.0.2.2", s_t0.AddSeconds(1), "GET /x HTTP/1.1", 401, user: "alice");
        const string rules = """[ { "id": "U1", "name": "denied user", "severity": "low", "where": "status == 401", "group_by": "user" } ]""";
        var f = Assert.Single(Findings(Detect(log, rules), "U1"));
        Assert.Equal("alice", f.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(2, Count(f));
        Assert.False(f.TryGetProperty("source", out _));
        Assert.Equal("user", f.GetProperty("fastlog").GetProperty("group").GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""[ { "name": "n", "severity": "low", "where": "status == 1" } ]""", "rule #1: missing 'id'")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "where": "status == 1" }, { "id": "A", "name": "m", "severity": "low", "where": "status == 2" } ]""", "rule 'A' (#2): duplicate id")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "urgent", "where": "status == 1" } ]""", "rule 'A': bad severity 'urgent' (expected low, medium, high or critical)")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "where": "status == 1", "treshold": 3 } ]""", "rule 'A': unknown field 'treshold'")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "where": "status == 1", "threshold": 3 } ]""", "rule 'A': 'threshold' needs a 'window'")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "where": "status == 1", "window": "5m" } ]""", "rule 'A': 'window' needs a 'threshold'")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "where": "status == 1", "threshold": 3, "window": "5 minutes" } ]""", "rule 'A': bad window '5 minutes'")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "where": "status == 1", "threshold": 0, "window": "5m" } ]""", "rule 'A': 'threshold' must be a whole number of at least 1")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "where": "stauts == 1" } ]""", "rule 'A': where: ")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low" } ]""", "rule 'A': needs a condition")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "keywords": [] } ]""", "rule 'A': 'keywords' is empty")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "keywords": "x" } ]""", "rule 'A': 'keywords' must be a list of strings, not a string")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "keywords": ["x"], "format": "apache" } ]""", "rule 'A': unknown format 'apache'")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "keywords": ["x"], "group_by": "country" } ]""", "rule 'A': group_by: unknown field 'country'")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "keywords": ["x"], "distinct": "path" } ]""", "rule 'A': 'distinct' needs a 'threshold'")]
    [InlineData("""[ { "id": "W1", "name": "n", "severity": "low", "keywords": ["x"] } ]""", "rule 'W1': 'id' is the id of a built-in rule")]
    [InlineData("""[ { "id": "A", "name": "n", "severity": "low", "keywords": ["x"] }, 7 ]""", "rule #2: expected an object, found a number")]
    [InlineData("""{ "id": "A" }""", "expected a JSON array of rules")]
    [InlineData("[ { \"id\": \"A\",\n  \"name\": \"n\" \"severity\": \"low\" } ]", "not valid JSON at line 2, byte 15: '\"' is invalid after a value")]
    [InlineData("", "not valid JSON at line 1, byte 1")]
    public void ABadRulesFileIsAUsageErrorNamingTheRuleAndTheProblem(string rules, string expected)
    {
        var run = Detect(Line("192.0.2.1", s_t0, "GET / HTTP/1.1", 200), rules);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("fastlog: error: --rules: ", run.Stderr);
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void ABadWhereExpressionShowsACaretUnderTheOffendingToken()
    {
        var run = Detect(Line("192.0.2.1", s_t0, "GET / HTTP/1.1", 200), """[ { "id": "A", "name": "n", "severity": "low", "where": "status == 401 and stauts == 1" } ]""");
        Assert.Equal(2, run.ExitCode);
        var lines = run.StderrLines;
        Assert.Contains("rule 'A': where: ", lines[0]);
        Assert.Equal("  status == 401 and stauts == 1", lines[1]);
        Assert.Equal("                    ^^^^^^", lines[2]);
    }

    [Fact]
    public void RulesAreOnlyForDetectCommands()
    {
        using var dir = new TempDirectory("rules");
        var log = dir.File("a.log");
        File.WriteAllText(log, Line("192.0.2.1", s_t0, "GET / HTTP/1.1", 200));
        var run = FastLogCli.Run("count", log, "--rules", dir.File("r.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rules is for detect and analyze --detect", run.Stderr);
        var missing = FastLogCli.Run("detect", log, "--rules", dir.File("absent.json"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("fastlog: error: --rules: ", missing.Stderr);
    }

    private const string CorpusRules = """
        [ { "id": "BOT", "name": "search engine crawlers", "severity": "low", "keywords": ["googlebot", "bingbot"] },
          { "id": "NF", "name": "404 bursts", "severity": "medium", "where": "status == 404", "threshold": 3, "window": "1h" },
          { "id": "DP", "name": "distinct pages per hour", "severity": "low", "where": "method == \"GET\"", "threshold": 20, "window": "1h", "distinct": "path" } ]
        """;

    [CorpusFact(Elastic)]
    public void FindingsDoNotDependOnThreadsOrChunks()
    {
        using var dir = new TempDirectory("rules");
        var rules = dir.File("rules.json");
        File.WriteAllText(rules, CorpusRules);
        var file = RepoPaths.CorpusFile(Elastic);
        var reference = FastLogCli.Run("detect", file, "--rules", rules, "--output", "jsonl", "--threads", "1").Ok();
        Assert.Contains("\"BOT\"", reference);
        Assert.Contains("\"NF\"", reference);
        Assert.Contains("\"DP\"", reference);
        foreach (var flags in new[] { new[] { "--threads", "3" }, ["--threads", "3", "--chunk-size", "4099"], ["--threads", "1", "--chunk-size", "65537"], ["--threads", "2", "--chunk-size", "100003"] })
            Assert.Equal(reference, FastLogCli.Run([.. new[] { "detect", file, "--rules", rules, "--output", "jsonl" }, .. flags]).Ok());
    }

    [CorpusFact(Elastic)]
    public void CorpusHitCountsEqualGrepAndPythonOracles()
    {
        using var dir = new TempDirectory("rules");
        var rules = dir.File("rules.json");
        File.WriteAllText(rules, CorpusRules);
        var file = RepoPaths.CorpusFile(Elastic);
        var run = FastLogCli.Run("detect", file, "--rules", rules, "--output", "jsonl", "--threads", "3", "--chunk-size", "65537");
        var findings = Findings(run);

        // Per-event keyword rule: every matching record counted, one finding per client. Rules see
        // parsed records only, so the oracle keeps the lines of the combined grammar (the file has
        // one with an unterminated quote that mentions Googlebot).
        var bot = findings.Where(f => f.GetProperty("rule").GetProperty("id").GetString() == "BOT").ToList();
        var quoted = Shell.Quote(file);
        const string combined = "'^\\S+ \\S+ \\S+ \\[[^]]+\\] \"[^\"]*\" [0-9]{3} (-|[0-9]+) \"[^\"]*\" \"[^\"]*\"$'";
        Assert.Equal(long.Parse(Shell.Run($"grep -iE 'googlebot|bingbot' {quoted} | grep -cE {combined}").Trim()), bot.Sum(Count));
        Assert.Equal(long.Parse(Shell.Run($"grep -iE 'googlebot|bingbot' {quoted} | grep -E {combined} | awk '{{print $1}}' | sort -u | wc -l").Trim()), bot.Count);

        // Thresholded rule: per (client, UTC hour) 404s >= 3; events summed over those hours and clients.
        const string oracle = """
            python3 -c '
            import re, sys, collections, datetime
            c = collections.Counter()
            for line in open(sys.argv[1], encoding="latin-1"):
                m = re.match(r"(\S+) \S+ \S+ \[([^\]]+)\] \"[^\"]*\" (\d{3}) ", line)
                if m and m.group(3) == "404":
                    t = datetime.datetime.strptime(m.group(2), "%d/%b/%Y:%H:%M:%S %z")
                    c[(m.group(1), int(t.timestamp()) // 3600)] += 1
            hits = {k: v for k, v in c.items() if v >= 3}
            print(sum(hits.values()), len({ip for ip, _ in hits}), len(hits))
            ' 
            """;
        var expected = Shell.Run(oracle.Trim() + " " + quoted).Trim().Split(' ').Select(long.Parse).ToArray();
        var nf = findings.Where(f => f.GetProperty("rule").GetProperty("id").GetString() == "NF").ToList();
        Assert.Equal(expected[0], nf.Sum(Count));
        Assert.Equal(expected[1], nf.Count);
        Assert.Equal(expected[2], nf.Sum(f => f.GetProperty("fastlog").GetProperty("windows").GetInt64()));
    }
    [Theory]
    [InlineData(true, "3")]
    [InlineData(false, "3e0")]
    [InlineData(false, "3.0")]
    [InlineData(true, "0.3e1")]
    public void RulesFile_WithAByteOrderMark_OrAThresholdInAnyWholeNumberSpelling_Loads(bool bom, string threshold)
    {
        using var dir = new TempDirectory("rules-bom");
        var log = dir.File("access.log");
        File.WriteAllText(log, string.Concat(Enumerable.Range(0, 4).Select(i => Line("10.0.0.9", s_t0.AddSeconds(i), "POST /login HTTP/1.1", 401))));
        var rules = dir.File("rules.json");
        var json = Encoding.UTF8.GetBytes($$"""[ { "id": "BF", "name": "login failures", "severity": "high", "where": "status == 401", "threshold": {{threshold}}, "window": "5m" } ]""");
        File.WriteAllBytes(rules, bom ? [0xEF, 0xBB, 0xBF, .. json] : json);

        var finding = Assert.Single(Findings(FastLogCli.Run("detect", log, "--rules", rules, "--output", "jsonl", "--format", "combined"), "BF"));
        Assert.Equal(4, Count(finding));
    }

    [Theory]
    [InlineData("""[ { "id": "w1", "name": "x", "severity": "low", "where": "status == 401" } ]""", "built-in rule")]
    [InlineData("""[ { "id": "l2", "name": "x", "severity": "low", "where": "status == 401" } ]""", "built-in rule")]
    [InlineData("""[ { "id": "Mine", "name": "x", "severity": "low", "where": "status == 401" }, { "id": "MINE", "name": "y", "severity": "low", "where": "status == 403" } ]""", "duplicate id")]
    public void RuleId_ThatDiffersOnlyInCase_FromABuiltInOrAnother_IsRefused(string rules, string message)
    {
        var run = Detect(Line("10.0.0.9", s_t0, "GET / HTTP/1.1", 401), rules);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}
