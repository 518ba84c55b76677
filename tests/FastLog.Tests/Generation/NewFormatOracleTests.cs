using System.Text.Json;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>
/// Logs made once per test class for the oracle tests: auth and CloudTrail with and without
/// attacks (with truth manifests), and GitHub. Small (≤ 40,000 lines) so the oracles are quick.
/// </summary>
public sealed class NewFormatLogsFixture : IDisposable
{
    private readonly TempDirectory _temp = new("generation-new-formats");

    /// <summary>Generates the logs through the CLI (in-process).</summary>
    public NewFormatLogsFixture()
    {
        Auth = Make("auth", 40_000, 21, attacks: true);
        AuthQuiet = Make("auth", 40_000, 22, attacks: false);
        CloudTrail = Make("cloudtrail", 20_000, 23, attacks: true);
        CloudTrailQuiet = Make("cloudtrail", 20_000, 24, attacks: false);
        Github = Make("github", 20_000, 25, attacks: true);
    }

    /// <summary>One generated log and its manifest.</summary>
    public sealed record Log(string Path, int Lines, TruthManifest Truth);

    public Log Auth { get; }
    public Log AuthQuiet { get; }
    public Log CloudTrail { get; }
    public Log CloudTrailQuiet { get; }
    public Log Github { get; }

    private Log Make(string format, int lines, int seed, bool attacks)
    {
        var path = _temp.File($"{format}-{seed}.log");
        var truth = _temp.File($"{format}-{seed}.truth.json");
        FastLogCli.Run("generate", "--format", format, "--lines", lines.ToString(), "--seed", seed.ToString(),
            "--attacks", attacks ? "default" : "none", "--truth", truth, "-o", path).Ok();
        using var stream = File.OpenRead(truth);
        return new Log(path, lines, JsonSerializer.Deserialize(stream, TruthJsonContext.Default.TruthManifest)!);
    }

    /// <inheritdoc/>
    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// Issues 4 and 6: generated auth, CloudTrail and GitHub logs checked by independent oracles
/// (python3 scripts in tests/oracles, jq, awk): the grammar of every line, and for the injected
/// scenarios that each reaches its rule's threshold in the stated window while the background
/// alone reaches none.
/// </summary>
public class NewFormatOracleTests(NewFormatLogsFixture logs) : IClassFixture<NewFormatLogsFixture>
{
    private static readonly string[] CloudTrailKeys =
    [
        "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
        "requestParameters", "responseElements", "eventID", "readOnly", "eventType", "managementEvent", "recipientAccountId", "eventCategory",
    ];

    private static readonly string[] GithubKeys = ["id", "type", "actor", "repo", "payload", "public", "created_at"];

    [Fact]
    public void Auth_EveryLine_MatchesTheStrictRfc3164AndSshdGrammar()
    {
        Assert.Equal($"ok {logs.Auth.Lines}\n", Shell.Run($"python3 tests/oracles/auth_strict.py {Shell.Quote(logs.Auth.Path)}"));
        Assert.Equal($"ok {logs.AuthQuiet.Lines}\n", Shell.Run($"python3 tests/oracles/auth_strict.py {Shell.Quote(logs.AuthQuiet.Path)}"));
    }

    [Fact]
    public void CloudTrail_EveryLine_IsAJsonRecordWithTheRequiredKeys()
    {
        var keys = string.Join(", ", CloudTrailKeys.Select(k => $"has(\"{k}\")"));
        var command = $"jq -r '[{keys}, (.userIdentity | has(\"type\")), (.eventTime | test(\"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}Z$\"))] | all' {Shell.Quote(logs.CloudTrail.Path)} | sort | uniq -c | awk '{{print $1, $2}}'";
        Assert.Equal($"{logs.CloudTrail.Lines} true\n", Shell.Run(command));
        Assert.Equal("true\n", Shell.Run($"jq -e -s 'length == {logs.CloudTrail.Lines}' {Shell.Quote(logs.CloudTrail.Path)}"));
    }

    [Fact]
    public void Github_EveryLine_IsAnEventWithTheRequiredKeys_InIdAndTimeOrder()
    {
        var path = Shell.Quote(logs.Github.Path);
        var keys = string.Join(", ", GithubKeys.Select(k => $"has(\"{k}\")"));
        Assert.Equal($"{logs.Github.Lines} true\n",
            Shell.Run($"jq -r '[{keys}, (.actor | has(\"login\")), (.repo.name | test(\"^[^/]+/[^/]+$\")), (.payload | type == \"object\")] | all' {path} | sort | uniq -c | awk '{{print $1, $2}}'"));
        // created_at never decreases and ids strictly increase.
        Assert.Equal("", Shell.Run($"jq -r .created_at {path} | sort -C && echo -n"));
        Assert.Equal("0\n", Shell.Run($"jq -r .id {path} | awk 'NR > 1 && $1 + 0 <= p {{bad++}} {{p = $1 + 0}} END {{print bad + 0}}'"));
        // About half the events are pushes, as in real hourly archives; the busiest actor is far above the median one (Zipf).
        var push = long.Parse(Shell.Run($"jq -r 'select(.type == \"PushEvent\") | .id' {path} | wc -l").Trim());
        Assert.InRange(push, logs.Github.Lines * 45 / 100, logs.Github.Lines * 58 / 100);
        var actors = Shell.Run($"jq -r .actor.login {path} | sort | uniq -c | sort -rn | awk 'NR == 1 {{top = $1}} {{c[NR] = $1}} END {{print top, c[int(NR / 2)]}}'").Split(' ');
        Assert.True(long.Parse(actors[0]) > 50 * long.Parse(actors[1]), $"top actor {actors[0]}, median {actors[1]}");
        Assert.Empty(logs.Github.Truth.Scenarios);
    }

    [Fact]
    public void Auth_EachScenario_ReachesItsThreshold_InItsWindow_AndNothingElseDoes()
    {
        var fired = Fired($"python3 tests/oracles/auth_rules.py {Shell.Quote(logs.Auth.Path)}");
        var scenarios = logs.Auth.Truth.Scenarios;
        Assert.Equal(["L1", "L2", "L2", "L3", "L4", "L5", "L6"], scenarios.Select(s => s.RuleId!).Order());
        var expected = new HashSet<(string, string)>();
        foreach (var s in scenarios)
        {
            var source = s.RuleId is "L5" or "L6" ? s.Users![0] : s.SourceIp;
            expected.Add((s.RuleId!, source));
            var (first, last, count) = fired[(s.RuleId!, source)];
            Assert.Equal(s.Start, first);
            Assert.Equal(s.End, last);
            // L3's count is its failures: every event but the final Accepted.
            Assert.Equal(s.RuleId == "L3" ? s.Events - 1 : s.Events, count);
            if (s.RuleId is "L2" or "L4") expected.Add(("L2legacy", s.SourceIp));
        }
        Assert.Equal(expected.Order(), fired.Keys.Order());
        // R3: the forged addresses are in the log, inside user names, and never a source.
        var spoof = Assert.Single(scenarios, s => s.Victims is not null);
        Assert.Equal(2, spoof.Victims!.Count);
        foreach (var victim in spoof.Victims)
        {
            Assert.Contains($"admin from {victim} port 22 ssh2", spoof.Users!);
            Assert.DoesNotContain(fired.Keys, k => k.Item2 == victim);
            Assert.True(int.Parse(Shell.Run($"grep -c -F ' from {victim} port 22 ssh2 from {spoof.SourceIp} port ' {Shell.Quote(logs.Auth.Path)}").Trim()) > 0);
        }
    }

    [Fact]
    public void Auth_Background_ReachesNoThreshold()
    {
        Assert.Empty(logs.AuthQuiet.Truth.Scenarios);
        Assert.Equal("", Shell.Run($"python3 tests/oracles/auth_rules.py {Shell.Quote(logs.AuthQuiet.Path)}"));
        // And it is not empty of what the rules count: failures from many one-off sources, logins, sudo.
        var path = Shell.Quote(logs.AuthQuiet.Path);
        Assert.True(int.Parse(Shell.Run($"grep -c 'Failed password' {path}").Trim()) > 500);
        Assert.True(int.Parse(Shell.Run($"grep -c 'message repeated' {path}").Trim()) > 100);
        Assert.True(int.Parse(Shell.Run($"grep -c 'Accepted publickey' {path}").Trim()) > 1000);
        Assert.True(int.Parse(Shell.Run($"grep -c 'COMMAND=' {path}").Trim()) > 500);
    }

    [Fact]
    public void CloudTrail_EachScenario_TripsItsRule_AndNothingElseDoes()
    {
        var fired = Fired($"python3 tests/oracles/cloudtrail_rules.py {Shell.Quote(logs.CloudTrail.Path)}");
        var scenarios = logs.CloudTrail.Truth.Scenarios;
        Assert.Equal(Enumerable.Range(1, 13).Select(i => $"C{i}").Order(), scenarios.Select(s => s.RuleId!).Order());
        var expected = new HashSet<(string, string)>();
        foreach (var s in scenarios)
        {
            expected.Add((s.RuleId!, s.SourceIp));
            var (first, last, count) = fired[(s.RuleId!, s.SourceIp)];
            Assert.Equal((s.Start, s.End, s.Events), (first, last, count));
            if (s.RuleId == "C1")
            {
                expected.Add(("C1event", s.SourceIp));
                Assert.True(count > 20);
            }
        }
        Assert.Equal(expected.Order(), fired.Keys.Order());
    }

    [Fact]
    public void CloudTrail_Background_TripsNoRule()
    {
        Assert.Empty(logs.CloudTrailQuiet.Truth.Scenarios);
        Assert.Equal("", Shell.Run($"python3 tests/oracles/cloudtrail_rules.py {Shell.Quote(logs.CloudTrailQuiet.Path)}"));
        // The near misses are there: console logins (all with MFA), ListBuckets by roles, self-made access keys.
        var path = Shell.Quote(logs.CloudTrailQuiet.Path);
        Assert.True(int.Parse(Shell.Run($"jq -r 'select(.eventName == \"ConsoleLogin\") | .additionalEventData.MFAUsed' {path} | grep -c Yes").Trim()) > 100);
        Assert.True(int.Parse(Shell.Run($"jq -r 'select(.eventName == \"ListBuckets\") | .userIdentity.type' {path} | grep -c AssumedRole").Trim()) > 100);
    }

    [Fact]
    public void Manifests_NameTheFormat_AndCountTheLines()
    {
        Assert.Equal("auth", logs.Auth.Truth.Format);
        Assert.Equal("cloudtrail", logs.CloudTrail.Truth.Format);
        Assert.Equal("github", logs.Github.Truth.Format);
        foreach (var log in new[] { logs.Auth, logs.AuthQuiet, logs.CloudTrail, logs.CloudTrailQuiet, logs.Github })
        {
            Assert.Equal(log.Lines, log.Truth.Lines);
            Assert.Equal(log.Lines, log.Truth.Records);
            Assert.Equal(new FileInfo(log.Path).Length, log.Truth.Bytes);
            Assert.Equal("+0000", log.Truth.TimezoneOffset);
        }
    }

    /// <summary>Runs a rules oracle; its lines are <c>RULE SOURCE FIRST LAST COUNT</c>.</summary>
    private static Dictionary<(string Rule, string Source), (string First, string Last, long Count)> Fired(string command)
    {
        var result = new Dictionary<(string, string), (string, string, long)>();
        foreach (var line in Shell.Run(command).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            result.Add((f[0], f[1]), (f[2], f[3], long.Parse(f[4])));
        }
        return result;
    }
}
