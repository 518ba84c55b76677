using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Partials;

/// <summary>
/// Issue 16: <c>detect --partial</c> and <c>analyze --detect --partial</c>, merged, print exactly what one
/// run prints, including windowed attacks whose requests are split across shards so that no shard
/// alone crosses a threshold.
/// </summary>
public class DetectMergeTests
{
    /// <summary>The attack fixtures: every attacker is just over one windowed rule's threshold, inside one minute (12:02) of 2024-03-01.</summary>
    public static TheoryData<string, string, int> WindowedSplits()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var family in new[] { "web", "auth", "cloudtrail" })
            foreach (var split in new[] { "time", "host" })
                foreach (var shards in new[] { 2, 3, 5, 8 })
                    data.Add(family, split, shards);
        return data;
    }

    [Theory]
    [MemberData(nameof(WindowedSplits))]
    public void A_windowed_attack_split_across_shards_is_found_by_merge_as_by_one_run(string family, string split, int shards)
    {
        using var dir = new TempDirectory("detect-split");
        var fixture = AttackFixture.Of(family);
        var paths = split == "time" ? fixture.SplitByTime(dir, shards) : fixture.SplitByHost(dir, shards);
        string[] command = ["detect", .. fixture.Options];

        // No shard alone crosses any of the thresholds the attacks were made for.
        foreach (var path in paths)
        {
            var alone = Findings(FastLogCli.Run([.. command, "--output", "jsonl", path]).Ok());
            var crossed = alone.Intersect(fixture.SplitRules).ToList();
            Assert.True(crossed.Count == 0, $"{Path.GetFileName(path)} alone finds {string.Join(", ", crossed)}: the split does not test the merge");
        }

        var one = FastLogCli.Run([.. command, "--stable", "--output", "jsonl", .. paths]).Ok();
        var found = Findings(one);
        var missed = fixture.Expected.Except(found).ToList();
        Assert.True(missed.Count == 0, $"one run misses {string.Join(", ", missed)}");

        // The merged findings, with their evidence lines (file, line number, offset), are the one run's, byte for byte.
        var partials = Shards.Shuffled(Shards.Partials(paths, command), shards);
        foreach (var output in new[] { "jsonl", "json", "table" })
            Shards.AssertMergeEqualsOneRun(command, paths, partials, ["--stable", "--output", output]);
        string[] analyze = ["analyze", "--detect", .. fixture.Options];
        Shards.AssertMergeEqualsOneRun(analyze, paths, Shards.Partials(paths, analyze), ["--stable", "--output", "json"]);
    }

    public static TheoryData<string, int> CommandForms()
    {
        var data = new TheoryData<string, int>();
        foreach (var form in new[] { "detect", "analyze --detect", "detect --rule-option W9.count=3,W11.count=20", "detect --where status>=400", "detect --rules" })
            foreach (var shards in new[] { 1, 2, 3, 5, 8 })
                data.Add(form, shards);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandForms))]
    public void Merge_of_detect_partials_of_a_generated_log_equals_one_run(string form, int shards)
    {
        using var dir = new TempDirectory("detect-merge");
        var log = dir.File("all.log");
        FastLogCli.Run("generate", "--format", "combined", "--lines", "40000", "--seed", "16", "-o", log).Ok();
        var command = Command(form, dir);
        var paths = Shards.SplitByLines(dir, File.ReadAllLines(log), shards);
        var partials = Shards.Shuffled(Shards.Partials(paths, command), shards + 1);
        var rules = RulesFor(command);
        // analyze prints its findings inside the report (json), detect also as JSON lines.
        foreach (var output in new[] { command[0] == "analyze" ? "json" : "jsonl", "table" })
            Shards.AssertMergeEqualsOneRun(command, paths, partials, ["--stable", "--output", output], rules);
        Assert.NotEmpty(Findings(FastLogCli.Run(["detect", "--output", "jsonl", log]).Ok()));
    }

    [Fact]
    public void Merge_of_detect_partials_of_files_of_several_formats_with_gzip_equals_one_run()
    {
        using var dir = new TempDirectory("detect-files");
        var paths = new List<string>();
        foreach (var (format, seed) in new[] { ("combined", "1"), ("auth", "2"), ("cloudtrail", "3"), ("nginx", "4") })
        {
            var path = dir.File($"{format}.log");
            FastLogCli.Run("generate", "--format", format, "--lines", "8000", "--seed", seed, "-o", path).Ok();
            paths.Add(format is "auth" or "nginx" ? Shards.Gzip(path) : path);
        }
        foreach (var command in new[] { new[] { "detect" }, ["analyze", "--detect"] })
        {
            var partials = Shards.Shuffled(Shards.Partials(paths, command), 7);
            Shards.AssertMergeEqualsOneRun(command, paths, partials, ["--stable", "--output", command[0] == "analyze" ? "json" : "jsonl"]);
            Shards.AssertMergeEqualsOneRun(command, paths, partials, ["--stable", "--output", "table"]);
        }
    }

    /// <summary>
    /// A partial of several inputs (a merged one, or one run over two files) names its evidence and
    /// login positions by input index; indices past 0 must read back as written, or the next merge
    /// refuses the partial (input 1 once read back as input 2) or points evidence at the wrong file.
    /// </summary>
    [Theory]
    [InlineData("web")]
    [InlineData("auth")]
    [InlineData("cloudtrail")]
    public void Detect_partials_of_several_inputs_merge_again_as_one_run(string family)
    {
        using var dir = new TempDirectory("detect-tree");
        var paths = Shards.SplitByLines(dir, AttackFixture.Of(family).Lines(), 4);
        string[] command = family == "auth" ? ["detect", "--year", "2024"] : ["detect"];
        string[] printing = ["--stable", "--output", "jsonl"];
        var one = FastLogCli.Run([.. command, .. printing, .. paths]).Ok();
        var partials = Shards.Partials(paths, command);

        var tree = dir.File("tree.flp");
        FastLogCli.Run(["merge", "--partial", tree, partials[1], partials[2]]).Ok();
        Assert.Equal(one, FastLogCli.Run(["merge", .. printing, partials[0], tree, partials[3]]).Ok());

        var pair = dir.File("pair.flp");
        FastLogCli.Run([.. command, "--partial", pair, paths[2], paths[3]]).Ok();
        Assert.Equal(one, FastLogCli.Run(["merge", .. printing, partials[0], partials[1], pair]).Ok());
    }

    [Fact]
    public void Merge_refuses_detect_partials_made_with_other_rule_options_or_rules()
    {
        using var dir = new TempDirectory("detect-refuse");
        var fixture = AttackFixture.Of("web");
        var paths = fixture.SplitByTime(dir, 2);
        FastLogCli.Run("detect", "--partial", dir.File("a.flp"), paths[0]).Ok();
        FastLogCli.Run("detect", "--rule-option", "W9.count=3", "--partial", dir.File("b.flp"), paths[1]).Ok();
        var other = FastLogCli.Run("merge", dir.File("a.flp"), dir.File("b.flp"));
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("different options", other.Stderr);
        Assert.Equal("", other.StdoutText);

        var rules = dir.File("rules.json");
        File.WriteAllText(rules, RulesText);
        FastLogCli.Run("detect", "--rules", rules, "--partial", dir.File("c.flp"), paths[0]).Ok();
        FastLogCli.Run("detect", "--rules", rules, "--partial", dir.File("d.flp"), paths[1]).Ok();
        var without = FastLogCli.Run("merge", dir.File("c.flp"), dir.File("d.flp"));
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("give merge the same files", without.Stderr);
        var changed = dir.File("changed.json");
        File.WriteAllText(changed, RulesText.Replace("\"threshold\": 5", "\"threshold\": 6"));
        var wrong = FastLogCli.Run("merge", "--rules", changed, dir.File("c.flp"), dir.File("d.flp"));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("not those the partials were made with", wrong.Stderr);
        var unasked = FastLogCli.Run("merge", "--rules", rules, dir.File("a.flp"));
        Assert.Equal(1, unasked.ExitCode);
        Assert.Contains("made without --rules", unasked.Stderr);
        // The same rules under another path are the same rules.
        var copy = dir.File("copy.json");
        File.Copy(rules, copy);
        FastLogCli.Run("merge", "--rules", copy, dir.File("c.flp"), dir.File("d.flp")).Ok();
    }

    [Fact]
    public void Detect_partials_are_deterministic_whatever_the_threads_and_chunks()
    {
        using var dir = new TempDirectory("detect-deterministic");
        var log = dir.File("all.log");
        FastLogCli.Run("generate", "--format", "combined", "--lines", "30000", "--seed", "5", "-o", log).Ok();
        FastLogCli.Run("analyze", "--detect", "--threads", "1", "--partial", dir.File("one.flp"), log).Ok();
        FastLogCli.Run("analyze", "--detect", "--threads", "4", "--chunk-size", "65536", "--partial", dir.File("four.flp"), log).Ok();
        Assert.Equal(File.ReadAllBytes(dir.File("one.flp")), File.ReadAllBytes(dir.File("four.flp")));
    }

    internal const string RulesText = """
        {"rules": [
          { "id": "BF", "name": "login failures", "severity": "high", "where": "status == 401", "threshold": 5, "window": "5m", "group_by": "ip" },
          { "id": "SCAN", "name": "many paths", "severity": "medium", "where": "status == 404", "threshold": 3, "window": "5m", "group_by": "ip", "distinct": "path" },
          { "id": "ADM", "name": "admin pages", "severity": "low", "where": "path ~ \"admin\"" }
        ]}
        """;

    /// <summary>The command of a form; <c>--rules</c> gets a rules file written into <paramref name="dir"/>.</summary>
    internal static string[] Command(string form, TempDirectory dir)
    {
        var words = form.Split(' ').ToList();
        if (words.Remove("--rules"))
        {
            var rules = dir.File("rules.json");
            File.WriteAllText(rules, RulesText);
            words.AddRange(["--rules", rules]);
        }
        var where = words.IndexOf("--where");
        return where < 0 ? [.. words] : [.. words[..(where + 1)], "status >= 400", .. words[(where + 2)..]];
    }

    /// <summary>The options merge needs on its own command line: the rules files.</summary>
    internal static string[] RulesFor(string[] command)
    {
        var at = Array.IndexOf(command, "--rules");
        return at < 0 ? [] : ["--rules", command[at + 1]];
    }

    /// <summary>(rule id, source ip) of each finding of jsonl output.</summary>
    internal static HashSet<(string Rule, string Ip)> Findings(string jsonl)
        => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(f => (f.GetProperty("rule").GetProperty("id").GetString()!,
                f.GetProperty("source").TryGetProperty("ip", out var ip) && ip.ValueKind == JsonValueKind.String ? ip.GetString()! : ""))
            .ToHashSet();
}

/// <summary>A time-sorted log holding background traffic and attackers, with the rules each attacker crosses.</summary>
internal sealed class AttackFixture
{
    // 2024-03-01T12:00:00Z; every attack lies in 12:02:00–12:02:59.
    private const long T0 = 1709294400;

    private readonly List<(long Seconds, string Line, string Client)> _lines = [];

    /// <summary>The seconds (after 12:02:00) within which the shards of a time split are cut.</summary>
    private (int From, int To) _cutRange;

    /// <summary>Options the fixture's commands need (auth: the year of the syslog time stamps).</summary>
    public string[] Options { get; private init; } = [];

    /// <summary>(rule, source) findings one run over the whole log gives.</summary>
    public List<(string Rule, string Ip)> Expected { get; } = [];

    /// <summary>The (rule, source) findings no shard may give alone: the attacks the split must carry across shards.</summary>
    public List<(string Rule, string Ip)> SplitRules { get; } = [];

    public static AttackFixture Of(string family) => family switch
    {
        "web" => Web(),
        "auth" => Auth(),
        _ => CloudTrail(),
    };

    private static AttackFixture Web()
    {
        var f = new AttackFixture { _cutRange = (1, 50) };
        var random = new Random(16);
        for (var s = -600; s < 900; s += 3)
            f.Add(s, Clf($"10.0.0.{random.Next(20)}", s, $"/page/{random.Next(50)}", 200, "Mozilla/5.0 (background)"));
        f.Spread("203.0.113.9", 12, 60, (i, s) => Clf("203.0.113.9", s, "/admin/login", 401, "curl/8.0"), "W9");
        f.Spread("203.0.113.10", 360, 60, (i, s) => Clf("203.0.113.10", s, "/api/orders", 500, $"client-{i % 4}"), "W10", "W11");
        f.Spread("203.0.113.11", 55, 60, (i, s) => Clf("203.0.113.11", s, $"/probe/{i}", 404, "probe/2.1"), "W10b");
        f.Spread("203.0.113.12", 320, 60, (i, s) => Clf("203.0.113.12", s, "/", 200, $"poller-{i % 4}"), "W11");
        f.Spread("203.0.113.13", 120, 50, (i, s) => Clf("203.0.113.13", s, "/feed", 200, "fetcher/1.0"), "W11b");
        return f;
    }

    private static AttackFixture Auth()
    {
        var f = new AttackFixture { _cutRange = (1, 12), Options = ["--year", "2024"] };
        var random = new Random(17);
        for (var s = -600; s < 900; s += 7)
            f.Add(s, Syslog(s, "host1", $"Accepted publickey for deploy from 10.0.0.{random.Next(20)} port 50000 ssh2"));
        // L2 (≥ 60 in a 30 s bucket per host and source; L2b too, > 30 in 10 min).
        f.Spread("203.0.113.20", 64, 30, (i, s) => Syslog(s, "host1", $"Failed password for root from 203.0.113.20 port {40000 + i} ssh2"), "L2");
        f.Expected.Add(("L2b", "203.0.113.20"));
        // L3 (≥ 25 failures, then the accepted login, in a 15 s bucket; L3b too).
        f.Spread("203.0.113.21", 26, 13, (i, s) => Syslog(s, "host1", $"Failed password for admin from 203.0.113.21 port {41000 + i} ssh2"), "L3");
        f.Add(120 + 13, Syslog(120 + 13, "host1", "Accepted password for admin from 203.0.113.21 port 41999 ssh2"));
        f.Expected.Add(("L3b", "203.0.113.21"));
        // L4 (> 10 users and ≥ 30 failures from one source in 5 min), over two hosts so that L2 stays quiet.
        f.Spread("203.0.113.22", 36, 30, (i, s) => Syslog(s, $"host{1 + i % 2}", $"Failed password for invalid user u{i % 12} from 203.0.113.22 port {42000 + i} ssh2"), "L4");
        return f;
    }

    private static AttackFixture CloudTrail()
    {
        var f = new AttackFixture { _cutRange = (1, 50) };
        for (var s = -600; s < 900; s += 5)
            f.Add(s, Event(s, $"192.0.2.{s / 5 % 20 + 100}", "s3.amazonaws.com", "GetObject", ""));
        // C1b: more than 20 failed console logins from one source in 10 minutes.
        f.Spread("203.0.113.30", 24, 60, (i, s) => Event(s, "203.0.113.30", "signin.amazonaws.com", "ConsoleLogin",
            "\"errorMessage\":\"Failed authentication\",\"responseElements\":{\"ConsoleLogin\":\"Failure\"},"), "C1b");
        return f;
    }

    /// <summary><paramref name="count"/> lines of one attacker spread evenly over <paramref name="seconds"/> from 12:02:00.</summary>
    private void Spread(string ip, int count, int seconds, Func<int, long, string> line, params string[] rules)
    {
        for (var i = 0; i < count; i++)
        {
            var s = 120 + (long)seconds * i / count;
            Add(s, line(i, s));
        }
        foreach (var rule in rules)
        {
            Expected.Add((rule, ip));
            SplitRules.Add((rule, ip));
        }
    }

    /// <summary>Adds a line; its client (the balancer's key) is its source address, the first word or the one after "from" or "sourceIPAddress".</summary>
    private void Add(long seconds, string line) => _lines.Add((seconds, line, System.Text.RegularExpressions.Regex.Match(line, @"(?:from |sourceIPAddress"":""|^)([0-9.]+)").Groups[1].Value));

    /// <summary>The log's lines in time order.</summary>
    public List<string> Lines() => _lines.Select((l, i) => (l, i)).OrderBy(x => x.l.Seconds).ThenBy(x => x.i).Select(x => x.l.Line).ToList();

    /// <summary>Contiguous shards cut at times inside the attack minute, so each holds a part of every attack.</summary>
    public List<string> SplitByTime(TempDirectory dir, int shards)
    {
        var cuts = Enumerable.Range(1, shards - 1).Select(k => 120 + _cutRange.From + (long)(_cutRange.To - _cutRange.From) * k / shards).ToArray();
        var parts = Enumerable.Range(0, shards).Select(_ => new StringBuilder()).ToArray();
        foreach (var (seconds, line, _) in _lines.Select((l, i) => (l, i)).OrderBy(x => x.l.Seconds).ThenBy(x => x.i).Select(x => x.l))
            parts[cuts.Count(c => seconds >= c)].Append(line).Append('\n');
        return Write(dir, parts);
    }

    /// <summary>
    /// Shards as hosts behind a round-robin balancer: each client's n-th line goes to shard n mod N,
    /// so every host sees an even share of every attack over the whole time.
    /// </summary>
    public List<string> SplitByHost(TempDirectory dir, int shards)
    {
        var parts = Enumerable.Range(0, shards).Select(_ => new StringBuilder()).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, client) in _lines.Select((l, i) => (l, i)).OrderBy(x => x.l.Seconds).ThenBy(x => x.i).Select(x => (x.l.Line, x.l.Client)))
        {
            var n = seen.GetValueOrDefault(client);
            seen[client] = n + 1;
            parts[n % shards].Append(line).Append('\n');
        }
        return Write(dir, parts);
    }

    private static List<string> Write(TempDirectory dir, StringBuilder[] parts)
    {
        var paths = new List<string>();
        for (var s = 0; s < parts.Length; s++)
        {
            var path = dir.File($"shard-{s}.log");
            File.WriteAllText(path, parts[s].ToString());
            paths.Add(path);
        }
        return paths;
    }

    private static string Clf(string ip, long seconds, string path, int status, string agent)
        => $"{ip} - - [{DateTimeOffset.FromUnixTimeSeconds(T0 + seconds).ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"GET {path} HTTP/1.1\" {status} 512 \"-\" \"{agent}\"";

    private static string Syslog(long seconds, string host, string message)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(T0 + seconds);
        return $"{time.ToString("MMM", CultureInfo.InvariantCulture)} {time.Day,2} {time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {host} sshd[{4000 + seconds % 97}]: {message}";
    }

    private static string Event(long seconds, string ip, string source, string name, string extra)
        => $"{{\"eventVersion\":\"1.08\",\"userIdentity\":{{\"type\":\"IAMUser\",\"userName\":\"alice\"}},\"eventTime\":\"{DateTimeOffset.FromUnixTimeSeconds(T0 + seconds):yyyy-MM-ddTHH:mm:ssZ}\",\"eventSource\":\"{source}\",\"eventName\":\"{name}\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"{ip}\",\"userAgent\":\"Mozilla/5.0\",{extra}\"eventType\":\"AwsConsoleSignIn\"}}";
}
