using System.Text.Json;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Tests.TestSupport;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 4 (auth): on the real auth logs of the shared corpus fastlog's failed-password counts
/// and top offenders equal an awk oracle, with <c>message repeated N times</c> expanded and not;
/// on fail2ban's annotated sshd test log every address fastlog blames for a failure is the one
/// fail2ban's own annotation names, and no address injected through a user name is blamed.
/// </summary>
public class AuthCorpusTests
{
    private const string OpenSsh = "openssh-loghub/OpenSSH_2k.log";
    private const string Elastic = "authlog-elastic/auth.log";
    private const string Fail2ban = "fail2ban-testlogs/sshd";
    private const string Journal = "fail2ban-testlogs/sshd-journal";

    /// <summary>
    /// awk, independent of fastlog's anchoring: sshd lines whose message is (or repeats)
    /// <c>Failed password for …</c>; every such line in these files ends
    /// <c>from IP port N ssh2</c> (or <c>ssh2]</c>), so the address is the fourth field from the
    /// end. Prints it once, or N times for <c>message repeated N times</c> when expand=1.
    /// </summary>
    private const string FailedPasswordIps = """
        awk -v expand=EXPAND '{ sub(/\r$/, "") }
        /^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]+ [^ ]+ sshd\[[0-9]+\]: (message repeated [0-9]+ times: \[ )?Failed password for / {
          n = 1
          if (expand && match($0, /message repeated [0-9]+ times/)) { split(substr($0, RSTART + 17), w, " "); n = w[1] }
          for (k = 0; k < n; k++) print $(NF-3)
        }'
        """;

    private static string Oracle(bool expand) => FailedPasswordIps.Replace("EXPAND", expand ? "1" : "0", StringComparison.Ordinal);

    public static TheoryData<string, string> FilesAndModes() => new()
    {
        { OpenSsh, "expand" }, { OpenSsh, "once" }, { Elastic, "expand" }, { Elastic, "once" },
    };

    [Theory, MemberData(nameof(FilesAndModes))]
    public void FailedPasswordCount_EqualsAwk(string corpus, string repeats)
    {
        var file = RepoPaths.CorpusFile(corpus);
        if (!File.Exists(file)) return; // the corpus lives beside the repository; CorpusTests say so when absent
        var oracle = Shell.Run($"{Oracle(repeats == "expand")} {Shell.Quote(file)} | wc -l").Trim();
        var actual = FastLogCli.Run("count", "--where", "event == 'failed_password'", "--repeats", repeats, "--year", "2017", file).Ok().Trim();
        Assert.Equal(oracle, actual);
    }

    [Theory, MemberData(nameof(FilesAndModes))]
    public void TopFiveFailedPasswordIps_EqualAwk(string corpus, string repeats)
    {
        var file = RepoPaths.CorpusFile(corpus);
        if (!File.Exists(file)) return;
        var oracle = Shell.Run($"(echo ip,count; {Oracle(repeats == "expand")} {Shell.Quote(file)} | {CountAndRank} | head -n 5)");
        var actual = FastLogCli.Run("top", "ip", "-n", "5", "--where", "event == 'failed_password'", "--repeats", repeats,
            "--output", "csv", "--year", "2017", file).Ok();
        OutputAssert.Equal(oracle, actual, $"top ip of failed passwords on {corpus} (--repeats {repeats}) vs awk");
    }

    // The repeats matter on these files: the expanded and the once counts differ (guards the two tests above).
    [CorpusFact(Elastic)]
    public void Elastic_RepeatedFailures_ChangeTheCount()
    {
        var file = RepoPaths.CorpusFile(Elastic);
        var expanded = FastLogCli.Run("count", "--where", "event == 'failed_password'", file).Ok().Trim();
        var once = FastLogCli.Run("count", "--where", "event == 'failed_password'", "--repeats", "once", file).Ok().Trim();
        Assert.True(long.Parse(expanded) > long.Parse(once), $"{expanded} vs {once}");
    }

    private const string FailureWhere = "event == 'failed_password' or event == 'failed_publickey' or event == 'failed_none' "
        + "or event == 'failed_other' or event == 'invalid_user' or event == 'pam_auth_failure'";

    /// <summary>fastlog's failure records on the fail2ban log as (raw line, ip or null), from two filters with the same --where.</summary>
    private static List<(string Line, string? Ip)> FailureIps(string file)
    {
        string[] common = ["--format", "auth", "--year", "2005", "--where", FailureWhere, file];
        var lines = FastLogCli.Run(["filter", .. common]).Ok().Split('\n')[..^1];
        var ips = FastLogCli.Run(["filter", "--fields", "ip", "--output", "csv", .. common]).Ok().Split('\n')[1..^1];
        Assert.Equal(lines.Length, ips.Length);
        return [.. lines.Zip(ips, (l, ip) => (l, ip == "" || ip == "-" ? null : ip))];
    }

    /// <summary>
    /// fail2ban's annotations (tests/oracles/fail2ban_hosts.py): a line annotated
    /// <c>"match": true, "host": H</c> to which fastlog gives a failure event and an address gets
    /// exactly H. That includes fail2ban line 147 (<c>… ssh2: from 10.10.1.2 port 55555 ssh2</c>,
    /// "More complex injecting on auth-info"): two server tails make it ambiguous, and the earlier
    /// failures of the same <c>sshd[2737]</c> name 127.0.0.1 (issue 11.16, docs/auth-events.md).
    /// </summary>
    [CorpusFact(Fail2ban)]
    public void Fail2ban_BlamedAddress_IsTheAnnotatedHost()
    {
        var file = RepoPaths.CorpusFile(Fail2ban);
        var annotated = Shell.Run($"python3 tests/oracles/fail2ban_hosts.py {Shell.Quote(file)}").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Split('\t', 2)).ToLookup(p => p[1], p => p[0]);
        var checkedLines = 0;
        foreach (var (line, ip) in FailureIps(file))
        {
            // A line may occur several times in the file, each time annotated (with the same host).
            if (ip is null || !annotated.Contains(line)) continue;
            checkedLines++;
            if (line == InfoInjection) Assert.Equal("127.0.0.1", ip);
            Assert.True(annotated[line].All(host => host == ip), $"fastlog blames {ip}, fail2ban's annotation says {string.Join(", ", annotated[line])}: {line}");
        }
        Assert.True(checkedLines >= 20, $"only {checkedLines} annotated failure lines compared");
    }

    /// <summary>fail2ban line 147: a forged tail after <c>ssh2:</c>, resolved from its session (see <see cref="Fail2ban_BlamedAddress_IsTheAnnotatedHost"/>).</summary>
    private const string InfoInjection = "Nov 11 08:04:52 redbamboo sshd[2737]: Failed password for invalid user test from 127.0.0.1 port 58946 ssh2: from 10.10.1.2 port 55555 ssh2";

    /// <summary>
    /// Every address fastlog blames for a failure is a fail2ban-annotated host, or the
    /// <c>rhost=</c> the PAM line itself names (fail2ban counts those lines only in its
    /// multi-line mode, so some carry "match": false); and every address named only inside an
    /// injected user name or INFO (10.10.1.1, 10.10.1.2 of lines 145 and 147, 1.2.3.4 of the ruser lines) is never one.
    /// </summary>
    [CorpusFact(Fail2ban)]
    public void Fail2ban_EveryBlamedAddress_IsAnnotatedOrTheLinesOwnRhost()
    {
        var file = RepoPaths.CorpusFile(Fail2ban);
        var hosts = Shell.Run($"python3 tests/oracles/fail2ban_hosts.py --hosts {Shell.Quote(file)}").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var failures = FailureIps(file);
        foreach (var (line, ip) in failures)
        {
            if (ip is null) continue;
            Assert.True(hosts.Contains(ip) || line.Contains($" rhost={ip}", StringComparison.Ordinal), $"{ip} is not an annotated host: {line}");
        }
        var blamed = failures.Where(f => f.Ip is not null).Select(f => f.Ip!).ToHashSet();
        Assert.DoesNotContain("10.10.1.1", blamed);
        Assert.DoesNotContain("10.10.1.2", blamed);
        Assert.DoesNotContain("1.2.3.4", blamed);
        // Of the annotated hosts, the ones fastlog blames for a failure event (the rest are named by
        // events fastlog does not count as failures, e.g. connection_closed, or are host names).
        var covered = hosts.Count(blamed.Contains);
        Assert.True(covered * 3 >= hosts.Count, $"fastlog blames {covered} of {hosts.Count} annotated hosts");
    }

    // No address taken from a user name anywhere in the file, for any event: every injection
    // line's ip is its annotated host (or none).
    [CorpusFact(Fail2ban)]
    public void Fail2ban_InjectionLines_GiveTheServerAddress()
    {
        var file = RepoPaths.CorpusFile(Fail2ban);
        var rows = FastLogCli.Run("filter", "--format", "auth", "--year", "2005", "--where", "ip != null", "--fields", "ip,user", "--output", "csv", file).Ok();
        Assert.DoesNotContain("\n10.10.1.1,", rows, StringComparison.Ordinal);
        Assert.Contains("\n127.0.0.1,from 10.10.1.1\n", rows, StringComparison.Ordinal);
        Assert.Contains("\n127.0.0.1,test from 10.10.1.2 port 55555 ssh2\n", rows, StringComparison.Ordinal);
        Assert.Contains("\n192.0.2.11,test 127.0.0.1 port 12345\n", rows, StringComparison.Ordinal);
        Assert.Contains("\n192.0.2.11,test 127.0.0.1\n", rows, StringComparison.Ordinal);
    }

    // systemd-journal output (`host sshd[pid]: msg`) carries no timestamp: not syslog. Under
    // --format auth every non-blank line (comments too) is malformed; detection does not call it auth or syslog.
    [CorpusFact(Journal)]
    public void Fail2banJournal_HasNoTimestamp_IsNotSyslog()
    {
        var file = RepoPaths.CorpusFile(Journal);
        var nonBlank = long.Parse(Shell.Run($"grep -cv '^$' {Shell.Quote(file)}").Trim());
        using var report = JsonDocument.Parse(FastLogCli.Run("analyze", "--format", "auth", "--output", "json", "--stable", file).Ok());
        var overview = report.RootElement.GetProperty("overview");
        Assert.Equal(0, overview.GetProperty("records").GetInt64());
        Assert.Equal(nonBlank, overview.GetProperty("malformed").GetInt64());
        var bytes = File.ReadAllBytes(file);
        var detected = FormatDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FormatDetector.SampleBytes)));
        Assert.True(detected is null || !detected.Id.IsSyslog(), detected?.Name);
    }

    public static TheoryData<string, string> DetectionCases() => new()
    {
        { OpenSsh, "auth" }, { Elastic, "auth" }, { Fail2ban, "auth" }, { "fail2ban-testlogs/bsd/syslog-plain.txt", "auth" },
        { "fail2ban-testlogs/bsd/syslog-v.txt", "auth" }, { "fail2ban-testlogs/bsd/syslog-vv.txt", "auth" },
        { "syslog-linux-loghub/Linux_2k.log", "syslog" },
        { "apache-combined-elastic/apache_logs", "combined" }, { "apache-clf-monitorware/access_log", "common" },
    };

    [Theory, MemberData(nameof(DetectionCases))]
    public void Detection_PicksTheFormat(string corpus, string format)
    {
        var file = RepoPaths.CorpusFile(corpus);
        if (!File.Exists(file)) return;
        var bytes = File.ReadAllBytes(file);
        var detected = FormatDetector.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, FormatDetector.SampleBytes)));
        Assert.Equal(format, detected?.Name);
        // And the CLI says so in its report.
        Assert.Contains($"\"format\": \"{format}\"", FastLogCli.Run("analyze", "--output", "json", "--stable", file).Ok(), StringComparison.Ordinal);
    }

    [Fact]
    public void AuthEventNames_MatchTheEnum() => Assert.Equal(Enum.GetValues<AuthEvent>().Length, AuthEventNames.Names.Count);
}
