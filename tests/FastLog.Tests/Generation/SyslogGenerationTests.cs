using System.Globalization;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Generation.Truth;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>
/// Issue 4: <c>generate --format syslog</c> — byte-identical per seed for any thread count, <c>--size</c>
/// cuts at a line end, and every line passes tests/oracles/syslog_strict.py (RFC 3164 with one
/// host, rsyslog repeats, a 2 % share of RFC 5424), with a day/night rate. No syslog parser is
/// used: it is being written elsewhere.
/// </summary>
public class SyslogGenerationTests
{
    [Fact]
    public void SameSeed_SameBytes_ForThreads1To3() => GenerationRuns.AssertThreadInvariant(LogFormat.Syslog, 34_000);

    [Fact]
    public void Size_StopsAtTheFirstLineEndAtOrPastIt() => GenerationRuns.AssertSizeCut("syslog", 3_500_000);

    [Fact]
    public void EveryLine_MatchesTheStrictSyslogGrammar_WithRepeatsAndA2PercentRfc5424Share()
    {
        using var temp = new TempDirectory("generation-syslog");
        var (path, truth) = GenerationRuns.Cli(temp, "syslog", "--lines", "40000", 51);
        var result = Shell.Run($"python3 tests/oracles/syslog_strict.py {Shell.Quote(path)}").Trim().Split(' ');
        Assert.Equal(["ok", "40000"], result[..2]);
        long Count(string name) => long.Parse(result.Single(r => r.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);
        Assert.Equal(40_000, Count("rfc3164") + Count("rfc5424"));
        Assert.InRange(Count("rfc5424"), 40_000 * 15 / 1000, 40_000 * 25 / 1000);
        Assert.InRange(Count("repeats"), 100, 4_000);
        Assert.Empty(truth.Scenarios);
        Assert.Equal(40_000, truth.Records);
        Assert.Null(truth.HeaderLines);
        // Several programs, the usual daemons among them (awk over the RFC 3164 tags).
        var tags = Shell.Run($"awk '!/^</ {{ t = $5; sub(/\\[.*$/, \"\", t); sub(/:$/, \"\", t); print t }}' {Shell.Quote(path)} | LC_ALL=C sort -u").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Superset(new HashSet<string>(["CRON", "kernel", "systemd", "sshd", "dhclient", "rsyslogd", "NetworkManager", "postfix/smtpd", "postfix/qmgr"]), tags.ToHashSet());
        // Day and night: the busiest hour of the day has well over twice the lines of the quietest.
        var hours = Shell.Run($"awk '!/^</ {{ print substr($3, 1, 2) }}' {Shell.Quote(path)} | LC_ALL=C sort | uniq -c | sort -n | awk 'NR == 1 {{ lo = $1 }} {{ hi = $1 }} END {{ print lo, hi, NR }}'").Trim().Split(' ');
        Assert.Equal("24", hours[2]);
        Assert.True(long.Parse(hours[1], CultureInfo.InvariantCulture) > 2 * long.Parse(hours[0], CultureInfo.InvariantCulture), string.Join(' ', hours));
    }

    [Fact]
    public void Detection_DoesNotTakeSyslogForAnAccessLog()
    {
        using var temp = new TempDirectory("generation-syslog-detect");
        var (path, _) = GenerationRuns.Cli(temp, "syslog", "--lines", "3000", 52);
        var detected = FormatDetector.Detect(GenerationRuns.Sample(path));
        Assert.True(detected is null || detected.Id.IsSyslog(), $"detected as {detected?.Name}");
    }
}
