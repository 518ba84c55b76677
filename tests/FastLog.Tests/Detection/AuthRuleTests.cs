using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Detection.Auth;
using FastLog.Runs;
using static FastLog.Tests.Detection.AuthTestsBatchBuilder;

namespace FastLog.Tests.Detection;

/// <summary>
/// The auth rules L1–L6 on hand-built auth batches: each fires at its threshold and not one
/// below, repeats count with their weight, client-chosen text never names the offender or
/// raises a keyword hit, and split-and-merge gives the findings of one pass.
/// </summary>
public class AuthRuleTests
{
    private const string Attacker = "203.0.113.9";

    private static List<Finding> Detect(AuthTestsBatchBuilder log, AuthRuleOptions? options = null)
    {
        var state = new AuthDetectionAggregator(TableBudget.Default, options);
        log.FeedTo(state);
        return AuthFindings.Extract(state);
    }

    private static List<(string Rule, string Ip, long Count)> Summary(List<Finding> findings, string rule)
        => findings.Where(f => f.Rule.Id == rule).Select(f => (f.Rule.Id, System.Text.Encoding.UTF8.GetString(f.SourceIp), f.EventCount)).ToList();

    [Fact]
    public void BruteForceIsSixtyFailuresInOneThirtySecondBucketFromAPublicAddress()
    {
        var log = new AuthTestsBatchBuilder()
            .Failures(T0, 60, "root", Attacker, step: 0)                  // 60 in [T0, T0+30): fires
            .Failures(T0, 59, "root", "198.51.100.4", step: 0)             // 59: one short
            .Failures(T0 + 15, 60, "root", "198.51.100.5", step: 0)        // 60 in the same bucket (second 15)
            .Failures(T0 + 29, 30, "root", "198.51.100.6", step: 0)        // 30 + 30 across a bucket edge: never 60 in one
            .Failures(T0 + 30, 30, "root", "198.51.100.6", step: 0)
            .Failures(T0, 60, "root", "10.1.2.3", step: 0);               // private: Elastic's rule is for external sources
        Assert.Equal([("L2", Attacker, 60L), ("L2", "198.51.100.5", 60L)], Summary(Detect(log), "L2").OrderBy(s => s.Item2 != Attacker).ToList());
    }

    [Fact]
    public void LegacyBruteForceIsMoreThanThirtyInTenMinutes()
    {
        var log = new AuthTestsBatchBuilder()
            .Failures(T0, 31, "root", Attacker, step: 10)          // 31 over 310 s, one 10-minute bucket
            .Failures(T0, 30, "root", "198.51.100.4", step: 10);   // 30: not more than 30
        Assert.Equal([("L2b", Attacker, 31L)], Summary(Detect(log), "L2b"));
    }

    [Fact]
    public void SuccessfulBruteForceNeedsTwentyFiveFailuresBeforeTheAcceptedLoginInOneBucket()
    {
        var log = new AuthTestsBatchBuilder()
            .Failures(T0, 25, "admin", Attacker, step: 0).Accepted(T0 + 14, "admin", Attacker)            // fires
            .Failures(T0, 24, "admin", "198.51.100.4", step: 0).Accepted(T0 + 14, "admin", "198.51.100.4") // one short
            .Accepted(T0, "admin", "198.51.100.5").Failures(T0, 25, "admin", "198.51.100.5", step: 0)     // success first (same second, earlier line)
            .Failures(T0, 25, "admin", "198.51.100.6", step: 0).Accepted(T0 + 15, "admin", "198.51.100.6") // success in the next bucket
            .Failures(T0, 25, "admin", "198.51.100.7", step: 0).Accepted(T0 + 1, "root", "198.51.100.7");  // another user logged in
        var l3 = Detect(log).Where(f => f.Rule.Id == "L3").ToList();
        var finding = Assert.Single(l3);
        Assert.Equal((Attacker, "admin", 25L), (System.Text.Encoding.UTF8.GetString(finding.SourceIp), System.Text.Encoding.UTF8.GetString(finding.User!), finding.EventCount));
        Assert.Contains("Accepted password for admin", System.Text.Encoding.UTF8.GetString(Assert.Single(finding.Evidence).Excerpt));
    }

    [Fact]
    public void SigmaSuccessAfterFailuresIsTenThenSuccessInTenMinutes()
    {
        var log = new AuthTestsBatchBuilder()
            .Failures(T0, 10, "deploy", Attacker, step: 30).Accepted(T0 + 590, "deploy", Attacker)
            .Failures(T0, 9, "deploy", "198.51.100.4", step: 30).Accepted(T0 + 590, "deploy", "198.51.100.4");
        Assert.Equal([("L3b", Attacker, 10L)], Summary(Detect(log), "L3b"));
        Assert.Empty(Summary(Detect(log), "L3"));
    }

    [Fact]
    public void SprayingIsMoreThanTenUsersAndThirtyFailuresInFiveMinutes()
    {
        var log = new AuthTestsBatchBuilder();
        for (var u = 0; u < 30; u++) log.Failures(T0 + u, 1, $"user{u % 11}", Attacker);          // 11 users, 30 failures: fires
        for (var u = 0; u < 30; u++) log.Failures(T0 + u, 1, $"user{u % 10}", "198.51.100.4");    // 10 users
        for (var u = 0; u < 29; u++) log.Failures(T0 + u, 1, $"user{u % 11}", "198.51.100.5");    // 29 failures
        Assert.Equal([("L4", Attacker, 30L)], Summary(Detect(log), "L4"));
    }

    [Fact]
    public void RepeatedMessagesCountWithTheirWeight()
    {
        var log = new AuthTestsBatchBuilder()
            .Add(T0, $"Failed password for root from {Attacker} port 22 ssh2", AuthEvent.FailedPassword, "root", Attacker, repeat: 60)
            .Add(T0, "Failed password for root from 198.51.100.4 port 22 ssh2", AuthEvent.FailedPassword, "root", "198.51.100.4", repeat: 59)
            .Add(T0 + 1, "Failed password for bob from 198.51.100.8 port 22 ssh2", AuthEvent.FailedPassword, "bob", "198.51.100.8", repeat: 25)
            .Accepted(T0 + 2, "bob", "198.51.100.8");
        var findings = Detect(log);
        Assert.Equal([("L2", Attacker, 60L)], Summary(findings, "L2"));
        Assert.Equal([("L3", "198.51.100.8", 25L)], Summary(findings, "L3"));
    }

    [Fact]
    public void AUserNameNamingAnotherAddressNeverMakesItTheOffender()
    {
        const string spoof = "x from 6.6.6.6 port 22";
        var log = new AuthTestsBatchBuilder();
        // 30 failures for one spoofing user (L3, L3b), 30 spread over 11 of them (L4); 60 in all (L2, L2b).
        for (var i = 0; i < 60; i++)
        {
            var user = $"{spoof}{(i < 30 ? 0 : i % 11)}";
            log.Add(T0, $"Failed password for invalid user {user} from {Attacker} port 4000 ssh2", AuthEvent.FailedPassword, user, Attacker);
        }
        log.Accepted(T0 + 1, $"{spoof}0", Attacker);
        var findings = Detect(log);
        Assert.Equal(["L2", "L2b", "L3", "L3b", "L4"], findings.Select(f => f.Rule.Id).Order().ToArray());
        Assert.All(findings, f => Assert.Equal(Attacker, System.Text.Encoding.UTF8.GetString(f.SourceIp)));
    }

    [Theory]
    [InlineData("ssh_dispatch_run_fatal: Connection from 203.0.113.9 port 22: Corrupted MAC on input. [preauth]", null, "sshd", true)]
    [InlineData("fatal: Local: crc32 compensation attack: network attack detected", null, "sshd", true)]
    [InlineData("error: key_from_blob: UNKNOWN OR UNSUPPORTED KEY TYPE", null, "sshd-session", true)]
    [InlineData("Invalid user Corrupted MAC on input from 203.0.113.9 port 22", "Corrupted MAC on input", "sshd", false)]
    [InlineData("Bad protocol version identification 'error in libcrypto' from 203.0.113.9 port 22", null, "sshd", false)]
    [InlineData("Corrupted MAC on input", null, "CRON", false)]
    public void SuspiciousSshdErrorsComeFromSshdNotFromClientText(string message, string? user, string app, bool fires)
    {
        var log = new AuthTestsBatchBuilder().Add(T0, message, AuthEvent.Other, user, message.Contains(Attacker) ? Attacker : null, app: app);
        Assert.Equal(fires ? 1 : 0, Detect(log).Count(f => f.Rule.Id == "L1"));
    }

    [Theory]
    [InlineData("new user: name=evil, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/0", "evil", "useradd", true)]
    [InlineData("new user: name=ops, UID=1001, GID=27, home=/home/ops, shell=/bin/bash", "ops", "useradd", true)]
    [InlineData("new user: name=apache, UID=48, GID=48, home=/usr/share/httpd, shell=/sbin/nologin", "apache", "useradd", false)]
    [InlineData("Invalid user new user UID=0, from 203.0.113.9 port 22", "new user UID=0,", "sshd", false)]
    public void PrivilegedUserCreation(string message, string user, string app, bool fires)
    {
        var log = new AuthTestsBatchBuilder().Add(T0, message, AuthEvent.NewUser, user, app: app);
        var hits = Detect(log).Where(f => f.Rule.Id == "L5").ToList();
        Assert.Equal(fires ? 1 : 0, hits.Count);
        if (fires) Assert.Equal(user, System.Text.Encoding.UTF8.GetString(hits[0].User!));
    }

    [Theory]
    [InlineData("alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/rm /var/log/syslog", "alice", "sudo", true)]
    [InlineData("rm : TTY=pts/0 ; PWD=/home/rm ; USER=root ; COMMAND=/usr/bin/rm -rf /var/log/syslog", "rm", "sudo", true)]
    [InlineData("alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/rm /var/log/syslog.1", "alice", "sudo", false)]
    [InlineData("alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls /var/log/syslog", "alice", "sudo", false)]
    [InlineData("Invalid user rm /var/log/syslog from 203.0.113.9 port 22", "rm /var/log/syslog", "sshd", false)]
    public void ClearingTheSyslog(string message, string user, string app, bool fires)
    {
        var log = new AuthTestsBatchBuilder().Add(T0, message, AuthEvent.SudoCommand, user, message.Contains(Attacker) ? Attacker : null, app: app);
        Assert.Equal(fires ? 1 : 0, Detect(log).Count(f => f.Rule.Id == "L6"));
    }

    /// <summary>A log that raises every auth rule, with lines of one second in both orders and repeats.</summary>
    internal static AuthTestsBatchBuilder Mixed()
    {
        var log = new AuthTestsBatchBuilder()
            .Failures(T0, 70, "root", Attacker, step: 0)
            .Accepted(T0 + 2, "root", Attacker)
            .Accepted(T0 + 20, "bob", "198.51.100.8")
            .Failures(T0 + 20, 12, "bob", "198.51.100.8", step: 0)
            .Accepted(T0 + 20, "bob", "198.51.100.8")
            .Add(T0 + 40, "Failed password for carol from 198.51.100.9 port 22 ssh2", AuthEvent.FailedPassword, "carol", "198.51.100.9", repeat: 9)
            .Accepted(T0 + 50, "carol", "198.51.100.9")
            .Add(T0 + 60, "ssh_dispatch_run_fatal: Connection from 198.51.100.3 port 22: error in libcrypto [preauth]", AuthEvent.Other, null, "198.51.100.3")
            .Add(T0 + 61, "new user: name=evil, UID=0, GID=0, home=/root, shell=/bin/bash", AuthEvent.NewUser, "evil", app: "useradd")
            .Add(T0 + 62, "evil : TTY=pts/1 ; PWD=/root ; USER=root ; COMMAND=/bin/mv /var/log/syslog /tmp/x", AuthEvent.SudoCommand, "evil", app: "sudo");
        for (var u = 0; u < 40; u++) log.Failures(T0 + 100 + u, 1, $"u{u % 13}", "192.0.2.77", host: u % 2 == 0 ? "web1" : "web2");
        log.Failures(T0 + 200, 5, "carol", "198.51.100.9");
        return log;
    }

    [Fact]
    public void SplitAndMergeGivesTheFindingsOfOnePassInEitherOrder()
    {
        var log = Mixed();
        var expected = Detect(log).Select(Describe).ToList();
        Assert.Equal(["L1", "L2", "L2b", "L3", "L3b", "L4", "L5", "L6"], expected.Select(e => e.Split(' ')[0]).Distinct().Order().ToArray());
        for (var k = 0; k <= log.Count; k += 7)
        {
            foreach (var leftFirst in new[] { true, false })
            {
                var left = new AuthDetectionAggregator(TableBudget.Default);
                var right = new AuthDetectionAggregator(TableBudget.Default);
                log.FeedTo(left, 0, k, batchSize: 5);
                log.FeedTo(right, k, log.Count, batchSize: 3);
                var (into, from) = leftFirst ? (left, right) : (right, left);
                into.Merge(from);
                Assert.Equal(expected, AuthFindings.Extract(into).Select(Describe).ToList());
            }
        }
    }

    [Fact]
    public void OtherFormatsAreIgnored()
    {
        var state = new AuthDetectionAggregator(TableBudget.Default);
        var batch = new LogBatch { Format = FastLog.Columns.LogFormat.Combined, Count = 1 };
        state.Consume(batch, []);
        Assert.Empty(AuthFindings.Extract(state));
    }

    [Fact]
    public void DetectFeedsEveryFamilyAndWritesHostAndUserAsEcsFields()
    {
        var state = new DetectionAggregator(TableBudget.Default);
        new AuthTestsBatchBuilder()
            .Add(T0, "ev\u001bil : TTY=pts/1 ; PWD=/root ; USER=root ; COMMAND=/bin/rm -f /var/log/syslog", AuthEvent.SudoCommand, "ev\u001bil", app: "sudo")
            .FeedTo(state);
        new CloudTrailTestsBatchBuilder().Add(T0, "eventName=DeleteBucket", "user=alice", "ip=198.51.100.20").FeedTo(state);
        var findings = DetectionFindings.Extract(state);
        Assert.Equal(["L6", "C13"], findings.Select(f => f.Rule.Id).ToArray()); // high before medium

        var run = new FastLog.Runs.RunSummary
        {
            Aggregate = state, Counters = new FastLog.Diagnostics.ParseCounters(), Samples = [], Elapsed = TimeSpan.Zero,
            Inputs = [new FastLog.Runs.InputResult { Path = "auth.log" }], ChunkFirstLines = [[0]],
        };
        using var output = new MemoryStream();
        FastLog.Output.Findings.FindingsWriter.WriteJsonLines(findings, run, output);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("authentication", lines[0].GetProperty("event").GetProperty("category").GetString());
        Assert.Equal("ev\u001bil", lines[0].GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("web1", lines[0].GetProperty("host").GetProperty("name").GetString());
        Assert.False(lines[0].TryGetProperty("source", out _)); // a sudo line has no source address
        Assert.Equal(1, lines[0].GetProperty("fastlog").GetProperty("evidence")[0].GetProperty("line").GetInt64());
        Assert.Equal("file", lines[1].GetProperty("event").GetProperty("category").GetString());
        Assert.Equal("198.51.100.20", lines[1].GetProperty("source").GetProperty("ip").GetString());

        var table = new StringWriter();
        FastLog.Output.Findings.FindingsWriter.WriteTable(findings, table);
        Assert.DoesNotContain('\u001b', table.ToString()); // terminal-escaped
        Assert.Contains("== Incidents by user ==", table.ToString());
    }
}
