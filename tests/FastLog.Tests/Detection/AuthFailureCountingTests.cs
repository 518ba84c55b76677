using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Detection;

/// <summary>
/// Issue 13.8: the PAM failure lines (and sshd's own) feed the brute-force rules, each failed
/// attempt once. One sshd connection logs the same attempts through up to three witnesses
/// (sshd's <c>Failed</c> lines, its <c>Invalid user</c> line, PAM's first failure and
/// <c>N more</c>); the <c>failures</c> field says what each line adds, and rules L2–L4 count it.
/// Expected counts are the attempts of hand-written sessions; detect findings also equal
/// tests/oracles/auth_buckets.py.
/// </summary>
public class AuthFailureCountingTests
{
    private const string Ip = "203.0.113.77";

    private static string Pam(string user = "root") => $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={Ip}  user={user}";
    private static string PamMore(int n) => $"PAM {n} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={Ip}  user=root";
    private static string Failed(string user = "root") => $"Failed password for {user} from {Ip} port 4242 ssh2";

    /// <summary>Sessions as (message) lines of one sshd[pid], and the attempts they record.</summary>
    public static TheoryData<string, string[], long> Sessions() => new()
    {
        { "Ubuntu, 3 passwords: PAM first, sshd each, PAM summary", [Pam(), Failed(), Failed(), Failed(), PamMore(2)], 3 },
        { "invalid user, 1 password", [$"Invalid user admin from {Ip} port 4242", "pam_unix(sshd:auth): check pass; user unknown",
            $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={Ip}", "Failed password for invalid user admin from " + Ip + " port 4242 ssh2"], 1 },
        { "invalid user, no attempt", [$"Invalid user admin from {Ip} port 4242", $"Connection closed by invalid user admin {Ip} port 4242 [preauth]"], 1 },
        { "PAM only: first failure and 4 more", [Pam(), PamMore(4)], 5 },
        { "sshd only: 4 passwords", [Failed(), Failed(), Failed(), Failed()], 4 },
        { "old OpenSSH keyboard-interactive through PAM", [$"error: PAM: Authentication failure for illegal user kit from {Ip}", $"Failed keyboard-interactive/pam for invalid user kit from {Ip} port 4242 ssh2"], 1 },
        { "PAM user unknown, then sshd", [$"Invalid user kit from {Ip}", $"error: PAM: User not known to the underlying authentication module for illegal user kit from {Ip}",
            $"Failed password for invalid user kit from {Ip} port 4242 ssh2", $"Failed password for invalid user kit from {Ip} port 4242 ssh2"], 2 },
        { "repeated sshd line beside PAM", [Pam(), $"message repeated 3 times: [ {Failed()}]", PamMore(2)], 3 },
        { "sshd lines before PAM's", [Failed(), Failed(), Pam(), PamMore(1)], 2 },
    };

    private static string Log(IEnumerable<(int Pid, string Message)> lines, int second = 0)
    {
        var log = new StringBuilder();
        foreach (var (pid, message) in lines)
            log.Append(CultureInfo.InvariantCulture, $"Mar 27 13:08:{second % 60:00} host sshd[{pid}]: {message}\n");
        return log.ToString();
    }

    private static long FailuresSum(string log, params string[] options)
    {
        using var dir = new TempDirectory("failures");
        var file = dir.File("auth.log");
        File.WriteAllText(file, log);
        var csv = FastLogCli.Run(["filter", file, "--format", "auth", "--output", "csv", "--fields", "failures", .. options]).Ok();
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(v => v != "-" && v != "").Sum(v => long.Parse(v, CultureInfo.InvariantCulture));
    }

    [Theory, MemberData(nameof(Sessions))]
    public void Session_CountsEachAttemptOnce(string shape, string[] messages, long attempts)
    {
        Assert.True(attempts == FailuresSum(Log(messages.Select(m => (7, m)))), shape);
        // Two sessions (pids) of the same lines: twice the attempts, never merged across sessions.
        var twice = Log(messages.Select(m => (7, m)).Concat(messages.Select(m => (8, m))));
        Assert.True(2 * attempts == FailuresSum(twice), shape + ", two sessions");
    }

    [Fact]
    public void LinesWithoutPid_OrOfOtherPrograms_CountAsWritten()
    {
        var log = $"Mar 27 13:08:00 host sshd: {Pam()}\nMar 27 13:08:00 host sshd: {Failed()}\n"
            + $"Mar 27 13:08:00 host login[3]: pam_unix(login:auth): authentication failure; logname= uid=0 euid=0 tty=tty1 ruser= rhost={Ip}  user=root\n"
            + $"Mar 27 13:08:00 host login[3]: {PamMore(2)}\n";
        Assert.Equal(5, FailuresSum(log));
    }

    /// <summary>
    /// A session's lines spread over several MiB of other sessions' lines and cut into small
    /// chunks: every chunking and thread count gives the whole-file sums (the tallies restart at
    /// each MiB of the file, which a chunk's lookback always covers).
    /// </summary>
    [Fact]
    public void FailureCounts_DoNotDependOnChunking()
    {
        var log = new StringBuilder();
        for (var i = 0; i < 60_000; i++)
        {
            var pid = 1000 + i % 37;
            var message = (i % 5) switch { 0 => Pam(), 1 => Failed(), 2 => PamMore(2), 3 => $"Invalid user u{i % 11} from {Ip} port 1", _ => Failed("admin") };
            log.Append(CultureInfo.InvariantCulture, $"Mar 27 13:{i / 3600 % 60:00}:{i / 60 % 60:00} host sshd[{pid}]: {message}\n");
        }
        var text = log.ToString();
        Assert.True(Encoding.UTF8.GetByteCount(text) > 3 << 20);
        var whole = FailuresSum(text, "--threads", "1");
        Assert.Equal(whole, FailuresSum(text, "--threads", "2", "--chunk-size", "65537"));
        Assert.Equal(whole, FailuresSum(text, "--threads", "3", "--chunk-size", "1000003", "--io", "read"));
    }

    private static string[] BruteForce(string file)
    {
        var rows = new List<string>();
        foreach (var line in FastLogCli.Run("detect", "--format", "auth", "--year", "2024", "--output", "jsonl", file).Ok().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var rule = root.GetProperty("rule").GetProperty("id").GetString()!;
            if (rule is not ("L2" or "L2b" or "L4")) continue;
            var host = root.TryGetProperty("host", out var h) ? h.GetProperty("name").GetString() : "-";
            rows.Add($"{rule} {host} {root.GetProperty("source").GetProperty("address").GetString()} {root.GetProperty("event").GetProperty("count").GetInt64()}");
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    /// <summary>PAM-only failure logs of every shape raise the brute-force rules, with the attempts counted once.</summary>
    public static TheoryData<string, string, long> PamOnlyShapes() => new()
    {
        { "pam_unix authentication failure, one per connection", "sshd[{0}]: " + Pam(), 70 },
        { "first failure and 2 more per connection", "sshd[{0}]: " + Pam() + "\n{1} host sshd[{0}]: " + PamMore(2), 210 },
        { "loghub sshd(pam_unix) tag", $"sshd(pam_unix)[{{0}}]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={Ip}  user=root", 70 },
        { "PAM user unknown", $"sshd[{{0}}]: error: PAM: User not known to the underlying authentication module for illegal user u{{0}} from {Ip}", 70 },
        { "PAM and sshd lines of the same attempts", "sshd[{0}]: " + Pam() + "\n{1} host sshd[{0}]: " + Failed(), 70 },
    };

    [Theory, MemberData(nameof(PamOnlyShapes))]
    public void PamOnlyFailures_RaiseBruteForce_CountedOnce(string shape, string template, long failures)
    {
        using var dir = new TempDirectory("pam-brute");
        var file = dir.File("auth.log");
        var log = new StringBuilder();
        for (var i = 0; i < 70; i++)
        {
            var stamp = $"Jan 10 10:00:{i * 29 / 70:00}";
            log.Append(stamp).Append(" host ").Append(string.Format(CultureInfo.InvariantCulture, template, 100 + i, stamp)).Append('\n');
        }
        File.WriteAllText(file, log.ToString());
        var oracle = Shell.Run($"python3 tests/oracles/auth_buckets.py --year 2024 {Shell.Quote(file)}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        var rows = BruteForce(file);
        Assert.Equal(oracle, rows);
        Assert.Contains($"L2 host {Ip} {failures}", rows);
        Assert.Contains($"L2b host {Ip} {failures}", rows);
        Assert.True(rows.Length > 0, shape);
        // Auto-detected as auth; loghub's tag is a general /var/log/messages' (syslog, docs/auth-events.md).
        var detected = template.Contains("(pam_unix)", StringComparison.Ordinal) ? "syslog" : "auth";
        using var report = JsonDocument.Parse(FastLogCli.Run("analyze", file, "--output", "json").Ok());
        Assert.Equal(detected, report.RootElement.GetProperty("overview").GetProperty("formats")[0].GetString());
    }
}
