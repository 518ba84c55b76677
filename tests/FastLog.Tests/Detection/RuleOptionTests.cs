using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Cli;
using FastLog.Detection;
using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Web;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// <c>--rule-option</c>: thresholds and windows of W9/W11, L2 and C1b move exactly where the
/// oracles (tests/oracles/web_buckets.py, auth_buckets.py, jq + awk) say, on fixtures with
/// clients just under, at and over the default and the overridden threshold and bursts that a
/// window change splits or joins; bad settings are usage errors naming the key; the findings say
/// what ran and do not depend on threads or chunk size.
/// </summary>
public class RuleOptionTests
{
    private static readonly DateTimeOffset s_t0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero); // on a 20-minute edge

    private static string Access(string ip, DateTimeOffset at, int status, string path = "/login")
        => $"{ip} - - [{at.ToUniversalTime().ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"POST {path} HTTP/1.1\" {status} 512 \"-\" \"Mozilla/5.0\"\n";

    /// <summary>
    /// 401/403 responses per client (bucket edges every 5 minutes from T0): .1 9 (under 10),
    /// .2 10 (at), .3 19 (under 20), .4 20 (at 20), .5 6 + 6 either side of T0+5m (joined by a
    /// 10-minute bucket), .6 5 + 5 in two minutes of one 5-minute bucket (split by 1-minute ones),
    /// .7 six requests in one second and five in another (W11 with 1-second buckets);
    /// background 200s, at most one a second per client.
    /// </summary>
    private static string WebFixture()
    {
        var sb = new StringBuilder();
        void Failures(string ip, int count, int fromSecond)
        {
            for (var i = 0; i < count; i++) sb.Append(Access(ip, s_t0.AddSeconds(fromSecond + i), i % 3 == 0 ? 403 : 401));
        }
        Failures("203.0.113.1", 9, 0);
        Failures("203.0.113.2", 10, 0);
        Failures("203.0.113.3", 19, 0);
        Failures("203.0.113.4", 20, 0);
        Failures("203.0.113.5", 6, 240);
        Failures("203.0.113.5", 6, 300);
        Failures("203.0.113.6", 5, 50);
        Failures("203.0.113.6", 5, 70);
        for (var i = 0; i < 6; i++) sb.Append(Access("203.0.113.7", s_t0.AddSeconds(100), 200, "/"));
        for (var i = 0; i < 5; i++) sb.Append(Access("203.0.113.7", s_t0.AddSeconds(110), 200, "/"));
        for (var i = 0; i < 200; i++) sb.Append(Access($"198.51.100.{i % 20}", s_t0.AddSeconds(i * 3), 200, "/"));
        return sb.ToString();
    }

    private static List<JsonElement> Jsonl(string output)
        => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static List<JsonElement> Detect(string file, string format, params string[] extra)
        => Jsonl(FastLogCli.Run([.. new[] { "detect", file, "--output", "jsonl", "--format", format }, .. extra]).Ok());

    private static string Id(JsonElement f) => f.GetProperty("rule").GetProperty("id").GetString()!;

    private static string Ip(JsonElement f) => f.GetProperty("source").GetProperty("ip").GetString()!;

    private static long Seconds(JsonElement f, string name)
        => DateTimeOffset.Parse(f.GetProperty("event").GetProperty(name).GetString()!, CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    /// <summary>"RULE CLIENT EVENTS WINDOWS START END" per finding of <paramref name="rule"/>, sorted as the oracles print.</summary>
    private static string Lines(List<JsonElement> findings, string rule)
        => string.Concat(findings.Where(f => Id(f) == rule)
            .Select(f => $"{rule} {Ip(f)} {f.GetProperty("event").GetProperty("count").GetInt64()} {f.GetProperty("fastlog").GetProperty("windows").GetInt64()} {Seconds(f, "start")} {Seconds(f, "end")}\n")
            .Order(StringComparer.Ordinal));

    private static string[] Clients(List<JsonElement> findings, string rule) => [.. findings.Where(f => Id(f) == rule).Select(Ip).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("", "", new[] { "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.6" })]
    [InlineData("W9.count=20", "--set W9.count=20", new[] { "203.0.113.4" })]
    [InlineData("W9.window=10m", "--set W9.window=600", new[] { "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5", "203.0.113.6" })]
    [InlineData("W10.window=600", "--set W9.window=600", new[] { "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5", "203.0.113.6" })]
    [InlineData("W9.window=1m", "--set W9.window=60", new[] { "203.0.113.2", "203.0.113.3", "203.0.113.4" })]
    [InlineData("W9.count=20,W9.window=10m", "--set W9.count=20 --set W9.window=600", new[] { "203.0.113.4" })]
    public void WebAuthFailuresMoveWithCountAndSharedWindow(string setting, string oracleArgs, string[] clients) =>
        AssertWebRule("W9", setting, oracleArgs, clients);

    [Theory]
    [InlineData("", "", new string[0])]
    [InlineData("W11.window=1s,W11.count=5", "--set W11.window=1 --set W11.count=5", new[] { "203.0.113.7" })]
    [InlineData("W11.window=1s,W11.count=6", "--set W11.window=1 --set W11.count=6", new string[0])]
    [InlineData("W11.count=18", "--set W11.count=18", new[] { "203.0.113.3", "203.0.113.4" })]
    public void RequestRateMovesWithCountAndOneSecondBuckets(string setting, string oracleArgs, string[] clients) =>
        AssertWebRule("W11", setting, oracleArgs, clients);

    /// <summary>The web fixture's findings of <paramref name="rule"/> with <paramref name="setting"/>: exactly <paramref name="clients"/>, with the oracle's counts, windows and times.</summary>
    private static void AssertWebRule(string rule, string setting, string oracleArgs, string[] clients)
    {
        using var dir = new TempDirectory("ruleopt");
        var file = dir.File("access.log");
        File.WriteAllText(file, WebFixture());
        var findings = Detect(file, "combined", setting.Length == 0 ? [] : ["--rule-option", setting]);
        Assert.Equal(clients, Clients(findings, rule));
        var oracle = Shell.Run($"python3 tests/oracles/web_buckets.py {oracleArgs} {Shell.Quote(file)} | grep '^{rule} ' || true");
        OutputAssert.Equal(oracle, Lines(findings, rule), $"{rule} with '{setting}'");
    }

    [Fact]
    public void OneSecondErrorBucketsAfter2038KeepTheirTime()
    {
        // Bucket numbers past 2^31 (1-second buckets after January 2038) must neither wrap nor merge.
        var at = new DateTimeOffset(2040, 1, 1, 0, 0, 7, TimeSpan.Zero);
        using var dir = new TempDirectory("ruleopt");
        var file = dir.File("access.log");
        File.WriteAllText(file, string.Concat(Enumerable.Repeat(Access("203.0.113.9", at, 401), 3)) + Access("203.0.113.9", at.AddSeconds(1), 401));
        var w9 = Assert.Single(Detect(file, "combined", "--rule-option", "W9.window=1s,W9.count=3"), f => Id(f) == "W9");
        Assert.Equal((3L, at.ToUnixTimeSeconds(), at.ToUnixTimeSeconds() + 1),
            (w9.GetProperty("event").GetProperty("count").GetInt64(), Seconds(w9, "start"), Seconds(w9, "end")));
    }

    private static string AuthLine(string ip, DateTimeOffset at)
        => $"{at.ToUniversalTime().ToString("MMM d HH:mm:ss", CultureInfo.InvariantCulture).Replace(" 1 ", "  1 ")} web1 sshd[4242]: Failed password for root from {ip} port 50022 ssh2\n";

    /// <summary>
    /// Failed sshd logins per source (30-second buckets from T0): .21 39 (under 40), .22 40 (at 40),
    /// .23 59 (under 60), .24 60 (at 60), .25 30 + 30 either side of T0+30s (joined by 1-minute buckets).
    /// </summary>
    private static string AuthFixture()
    {
        var sb = new StringBuilder();
        void Failures(string ip, int count, int second)
        {
            for (var i = 0; i < count; i++) sb.Append(AuthLine(ip, s_t0.AddSeconds(second)));
        }
        Failures("203.0.113.21", 39, 0);
        Failures("203.0.113.22", 40, 1);
        Failures("203.0.113.23", 59, 2);
        Failures("203.0.113.24", 60, 3);
        Failures("203.0.113.25", 30, 29);
        Failures("203.0.113.25", 30, 30);
        return sb.ToString();
    }

    [Theory]
    [InlineData("", "", new[] { "203.0.113.24" })]
    [InlineData("L2.count=40", "--set L2.count=40", new[] { "203.0.113.22", "203.0.113.23", "203.0.113.24" })]
    [InlineData("L2.window=1m", "--set L2.window=60", new[] { "203.0.113.24", "203.0.113.25" })]
    public void SshBruteForceMovesWithCountAndWindow(string setting, string oracleArgs, string[] sources)
    {
        using var dir = new TempDirectory("ruleopt");
        var file = dir.File("auth.log");
        File.WriteAllText(file, AuthFixture());
        var findings = Detect(file, "auth", [.. new[] { "--year", "2024" }, .. setting.Length == 0 ? Array.Empty<string>() : ["--rule-option", setting]]);
        Assert.Equal(sources, Clients(findings, "L2"));
        var oracle = Shell.Run($"python3 tests/oracles/auth_buckets.py --year 2024 --rule L2 {oracleArgs} {Shell.Quote(file)} | awk '{{print $1, $3, $4}}'");
        var ours = string.Concat(findings.Where(f => Id(f) == "L2").Select(f => $"L2 {Ip(f)} {f.GetProperty("event").GetProperty("count").GetInt64()}\n").Order(StringComparer.Ordinal));
        OutputAssert.Equal(oracle, ours, $"L2 with '{setting}'");
    }

    /// <summary>
    /// Failed console logins per source (10-minute buckets from T0): .31 20 (not over 20), .32 21
    /// (over), .33 10 (not over 10), .34 11 (over 10), .35 11 + 11 either side of T0+10m (22 from T0+589s) (joined by
    /// 20-minute buckets); half say so by errorMessage, half by ConsoleLogin Failure.
    /// </summary>
    private static string CloudTrailFixture()
    {
        var sb = new StringBuilder();
        void Failures(string ip, int count, int fromSecond)
        {
            for (var i = 0; i < count; i++)
            {
                var time = s_t0.AddSeconds(fromSecond + i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                var failure = i % 2 == 0 ? "\"errorMessage\":\"Failed authentication\"," : "";
                sb.Append($"{{\"eventVersion\":\"1.08\",\"userIdentity\":{{\"type\":\"IAMUser\",\"userName\":\"alice\"}},\"eventTime\":\"{time}\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"{ip}\",\"userAgent\":\"Mozilla/5.0\",{failure}\"responseElements\":{{\"ConsoleLogin\":\"Failure\"}},\"eventType\":\"AwsConsoleSignIn\"}}\n");
            }
        }
        Failures("203.0.113.31", 20, 0);
        Failures("203.0.113.32", 21, 0);
        Failures("203.0.113.33", 10, 0);
        Failures("203.0.113.34", 11, 0);
        Failures("203.0.113.35", 22, 589);
        return sb.ToString();
    }

    [Theory]
    [InlineData("", 20, 600, new[] { "203.0.113.32" })]
    [InlineData("C1b.count=10", 10, 600, new[] { "203.0.113.31", "203.0.113.32", "203.0.113.34", "203.0.113.35" })]
    [InlineData("C1b.window=20m", 20, 1200, new[] { "203.0.113.32", "203.0.113.35" })]
    public void ConsoleLoginFailuresMoveWithCountAndWindow(string setting, int count, int window, string[] sources)
    {
        using var dir = new TempDirectory("ruleopt");
        var file = dir.File("trail.json");
        File.WriteAllText(file, CloudTrailFixture());
        var findings = Detect(file, "cloudtrail", setting.Length == 0 ? [] : ["--rule-option", setting]);
        Assert.Equal(sources, Clients(findings, "C1b"));
        var oracle = Shell.Run(
            $"jq -r 'select(.eventName == \"ConsoleLogin\" and (.errorMessage == \"Failed authentication\" or .responseElements.ConsoleLogin == \"Failure\"))"
            + $" | \"\\(.sourceIPAddress) \\((.eventTime | fromdateiso8601) / {window} | floor)\"' {Shell.Quote(file)}"
            + $" | sort | uniq -c | awk '$1 > {count} {{ e[$2] += $1; w[$2]++ }} END {{ for (ip in e) print ip, e[ip], w[ip] }}' | LC_ALL=C sort");
        var ours = string.Concat(findings.Where(f => Id(f) == "C1b")
            .Select(f => $"{Ip(f)} {f.GetProperty("event").GetProperty("count").GetInt64()} {f.GetProperty("fastlog").GetProperty("windows").GetInt64()}\n")
            .Order(StringComparer.Ordinal));
        OutputAssert.Equal(oracle, ours, $"C1b with '{setting}'");
    }

    [Fact]
    public void FindingsDescribeTheThresholdAndWindowInEffect()
    {
        using var dir = new TempDirectory("ruleopt");
        var file = dir.File("access.log");
        File.WriteAllText(file, WebFixture());
        string Description(List<JsonElement> findings, string rule)
            => findings.First(f => Id(f) == rule).GetProperty("rule").GetProperty("description").GetString()!;

        var byDefault = Detect(file, "combined");
        Assert.Equal("≥ 10 responses 401/403 to one client in a 5-minute bucket", Description(byDefault, "W9"));
        var changed = Detect(file, "combined", "--rule-option", "W9.count=20,W9.window=10m", "--rule-option", "W11.count=5,W11.window=1s");
        Assert.Equal("≥ 20 responses 401/403 to one client in a 10-minute bucket", Description(changed, "W9"));
        Assert.Equal("> 5 requests from one client in a 1-second bucket", Description(changed, "W11"));
    }

    [Fact]
    public void DefaultConditionsAreTheRulesOwnText()
    {
        // The generated text equals each rule's static condition, so default reports are byte-identical.
        foreach (var rule in WebRules.All.Concat(AuthRules.All).Concat(CloudTrailRules.All))
            Assert.Same(rule, RuleConditions.InEffect(rule, WebRuleOptions.Default, AuthRuleOptions.Default, CloudTrailRuleOptions.Default));
        var l3 = RuleConditions.InEffect(AuthRules.SuccessfulBruteForce, WebRuleOptions.Default,
            AuthRuleOptions.Default with { SuccessfulBruteForceFailures = 5, SuccessfulBruteForceWindowSeconds = 8 * 60 }, CloudTrailRuleOptions.Default);
        Assert.Equal("≥ 5 failed logins then an accepted login for the same host, source address and user within one 8-minute bucket", l3.Condition);
        var l4 = RuleConditions.InEffect(AuthRules.PasswordSpraying, WebRuleOptions.Default, AuthRuleOptions.Default with { SprayWindowSeconds = 11 }, CloudTrailRuleOptions.Default);
        Assert.Equal("> 10 distinct users and ≥ 30 failed logins from one source address in an 11-second bucket", l4.Condition);
    }

    [Theory]
    [InlineData("L2.window=31622400", 0)]
    [InlineData("L2.window=31622401", 2)]
    [InlineData("W9.window=8784h", 0)]
    [InlineData("W9.window=8785h", 2)]
    public void WindowLimit_Is366Days_AsInRulesFiles(string setting, int exitCode)
    {
        // 366 days = 31,622,400 s: the longest window a rules file takes ("366d") too.
        Assert.Equal(31_622_400, FastLog.Detection.Custom.CustomRuleSet.MaxWindowSeconds);
        Assert.Equal(exitCode, FastLogCli.Run("detect", "--rule-option", setting, "/dev/null").ExitCode);
    }

    [Theory]
    [InlineData("W9.cnt=3", "unknown key 'W9.cnt'")]
    [InlineData("W9.window=5x", "--rule-option W9.window: expected a duration")]
    [InlineData("W9.window=0", "--rule-option W9.window: a window is from 1 s to 366 days")]
    [InlineData("W11.window=366d", "--rule-option W11.window: expected a duration")]
    [InlineData("L2.window=9000h", "--rule-option L2.window: a window is from 1 s to 366 days")]
    [InlineData("W9.window=10m,W10b.window=5m", "--rule-option W10b.window: W9.window=10m and W10b.window=5m differ, but W9, W10 and W10b share one bucket")]
    [InlineData("W9.count=-1", "--rule-option W9.count: expected a whole number")]
    [InlineData("C1b.count=2147483648", "--rule-option C1b.count: expected a whole number from 1 to 2147483647")]
    [InlineData("W11b.rate=abc", "--rule-option W11b.rate: expected requests per second")]
    [InlineData("L3.count=1001", "--rule-option L3.count: expected a whole number from 1 to 1000")]
    [InlineData("W12.target_bytes", "--rule-option W12.target_bytes: needs a value")]
    [InlineData("L4.users=5,L4.users=6", "--rule-option L4.users: given twice")]
    public void BadSettingsAreUsageErrorsNamingTheKey(string setting, string message)
    {
        var result = FastLogCli.Run("detect", "--rule-option", setting, "/dev/null");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFlagIsForDetectAndAnalyzeDetectOnly()
    {
        Assert.Equal(2, FastLogCli.Run("analyze", "--rule-option", "W9.count=5", "/dev/null").ExitCode);
        Assert.Equal(2, FastLogCli.Run("count", "--rule-option", "W9.count=5", "/dev/null").ExitCode);
        // The same shared-bucket window under two names, and the repeated flag, are accepted.
        Assert.Equal(0, FastLogCli.Run("detect", "--rule-option", "W9.window=10m", "--rule-option", "W10.window=600", "/dev/null").ExitCode);
    }

    [Fact]
    public void NonDefaultOptionsGiveTheSameFindingsForAnyThreadsAndChunks()
    {
        using var dir = new TempDirectory("ruleopt");
        var web = dir.File("access.log");
        File.WriteAllText(web, WebFixture() + WebFixture().Replace("203.0.113.", "192.0.2."));
        var auth = dir.File("auth.log");
        File.WriteAllText(auth, AuthFixture());
        var trail = dir.File("trail.json");
        File.WriteAllText(trail, CloudTrailFixture());
        string[] options = ["--rule-option", "W9.count=12,W9.window=10m,W11.count=5,W11.window=1s,L2.count=40,L2.window=1m,C1b.count=10,C1b.window=20m", "--year", "2024"];
        string[][] splits = [["--threads", "2"], ["--threads", "2", "--chunk-size", "700"], ["--threads", "1", "--chunk-size", "333"]];
        string Run(string[] inputs, string[] split) => FastLogCli.Run([.. new[] { "detect", "--output", "jsonl" }, .. inputs, .. split, .. options]).Ok();

        var one = Run([web, auth], ["--threads", "1"]);
        Assert.Contains("\"W11\"", one, StringComparison.Ordinal);
        Assert.Contains("\"L2\"", one, StringComparison.Ordinal);
        foreach (var split in splits) OutputAssert.Equal(one, Run([web, auth], split), string.Join(' ', split));
        // Evidence byte offsets included: they are the lines' offsets in the file, whatever the split.
        var trailOne = Run([trail], ["--threads", "1"]);
        Assert.Contains("\"C1b\"", trailOne, StringComparison.Ordinal);
        Assert.Contains("\"offset\":", trailOne, StringComparison.Ordinal);
        foreach (var split in splits) OutputAssert.Equal(trailOne, Run([trail], split), "cloudtrail " + string.Join(' ', split));

        // analyze --detect runs the same rules with the same options.
        var detected = Jsonl(Run([web, auth, trail], ["--threads", "2"]))
            .Select(f => $"{Id(f)} {f.GetProperty("source").GetProperty("address").GetString()} {f.GetProperty("event").GetProperty("count").GetInt64()}").Order(StringComparer.Ordinal);
        var report = JsonDocument.Parse(FastLogCli.Run([.. new[] { "analyze", web, auth, trail, "--detect", "--output", "json", "--stable", "--threads", "2" }, .. options]).Ok());
        var analyzed = report.RootElement.GetProperty("security").GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("rule_id").GetString()} {f.GetProperty("source_ip").GetString()} {f.GetProperty("events").GetInt64()}").Order(StringComparer.Ordinal);
        Assert.Equal(detected, analyzed);
    }

    [Fact]
    public void ReadmeListsEveryKeyWithItsDefault()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        foreach (var key in RuleOptionKeys.All)
            Assert.Contains($"| `{key.Name}` | `{key.DefaultText}` |", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSecondMinuteRunsStayExact()
    {
        // ClientMinuteRuns with 1-second buckets and threshold 3 against a dictionary of every request.
        var random = new Random(7);
        var truth = new Dictionary<(int, long), long>();
        var workers = new[] { new ClientMinuteRuns<ClientRun>(1 << 16, 1, 3), new ClientMinuteRuns<ClientRun>(1 << 16, 1, 3) };
        foreach (var worker in workers) worker.EnsureClients(8);
        var second = 1_700_000_000L;
        for (var segment = 0; segment < 30; segment++)
        {
            var worker = workers[segment % 2];
            worker.EndSegment();
            for (var i = 0; i < 400; i++)
            {
                if (random.Next(4) == 0) second++;
                var at = random.Next(20) == 0 ? second - random.Next(1, 3) : second;
                var ip = random.Next(8);
                worker.Add(ip, at);
                truth[(ip, at)] = truth.GetValueOrDefault((ip, at)) + 1;
            }
            second -= random.Next(0, 60); // the next segment may overlap this one
        }
        var identity = Enumerable.Range(0, 8).ToArray();
        workers[0].Merge(workers[1], identity);
        workers[0].Resolve();
        var exact = workers[0].Exact;
        var table = Enumerable.Range(0, exact.Count).ToDictionary(m => (ClientMinuteRuns.ClientOf(exact.KeyOf(m)), ClientMinuteRuns.MinuteOf(exact.KeyOf(m))), m => exact.Counts[m]);
        foreach (var (key, count) in truth.Where(t => t.Value > 3)) Assert.Equal(count, table.GetValueOrDefault(key));
        foreach (var (key, count) in table) Assert.Equal(truth[key], count);
    }
}
