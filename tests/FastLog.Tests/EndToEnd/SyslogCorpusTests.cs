using System.Text.Json;
using FastLog.Tests.TestSupport;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 4 (syslog): lines parsed and malformed, and the top programs, equal
/// tests/oracles/syslog_header.py (python3 <c>re</c> + <c>datetime</c> over the RFC 3164 /
/// RFC 3339 / RFC 5424 header grammar) on loghub's Linux_2k.log (CRLF, no final newline,
/// <c>sshd(pam_unix)</c> tags) and fail2ban's sshd test log (comments, 3339 and 5424 lines).
/// </summary>
public class SyslogCorpusTests
{
    private const string Linux = "syslog-linux-loghub/Linux_2k.log";
    private const string Fail2ban = "fail2ban-testlogs/sshd";
    private const string Oracle = "python3 tests/oracles/syslog_header.py --year 2005";

    public static TheoryData<string> Files() => new() { Linux, Fail2ban };

    [Theory, MemberData(nameof(Files))]
    public void ParsedAndMalformedLines_EqualOracle(string corpus)
    {
        var file = RepoPaths.CorpusFile(corpus);
        if (!File.Exists(file)) return;
        var oracle = Shell.Run($"{Oracle} --emit parsed {Shell.Quote(file)}").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => long.Parse(p[1]));
        using var report = JsonDocument.Parse(FastLogCli.Run("analyze", "--format", "syslog", "--year", "2005", "--output", "json", "--stable", file).Ok());
        var overview = report.RootElement.GetProperty("overview");
        Assert.Equal(oracle["parsed"], overview.GetProperty("records").GetInt64());
        Assert.Equal(oracle["malformed"], overview.GetProperty("malformed").GetInt64());
    }

    [Theory, MemberData(nameof(Files))]
    public void TopPrograms_EqualOracle(string corpus)
    {
        var file = RepoPaths.CorpusFile(corpus);
        if (!File.Exists(file)) return;
        var oracle = Shell.Run($"(echo app,count; {Oracle} --emit app {Shell.Quote(file)} | {CountAndRank})");
        var actual = FastLogCli.Run("top", "app", "-n", "100000", "--format", "syslog", "--year", "2005", "--output", "csv", file).Ok();
        OutputAssert.Equal(oracle, actual, $"top app on {corpus} vs the oracle");
    }

    // Linux_2k.log has 2,000 lines but 1,999 LFs (no final newline): every line is a record.
    [CorpusFact(Linux)]
    public void Linux_CountsTheUnterminatedLastLine()
        => Assert.Equal("2000", FastLogCli.Run("count", RepoPaths.CorpusFile(Linux)).Ok().Trim());
}
