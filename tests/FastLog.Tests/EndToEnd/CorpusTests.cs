using System.Text.Json;
using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 2, "What it must show" item 1: on the real logs of the shared corpus
/// (the external corpus of public logs, FASTLOG_CORPUS; see each folder's SOURCE.md) fastlog's counts equal an independent
/// computation. The oracle is tests/oracles/clf_strict.py (python3 <c>re</c> over the strict
/// grammar) for selecting the lines and sort/uniq/awk for counting and ranking them.
/// </summary>
public class CorpusTests
{
    private const string Elastic = "apache-combined-elastic/apache_logs";
    private const string Monitorware = "apache-clf-monitorware/access_log";
    private const string ErrorLog = "apache-error-loghub/Apache_2k.log";

    private static string Q(string path) => Shell.Quote(path);

    // 10,000 combined lines, one of them (line 8899) truncated inside the user agent.
    [CorpusFact(Elastic)]
    public void Elastic_StatusCounts_EqualStrictGrammarOracle()
    {
        var file = RepoPaths.CorpusFile(Elastic);
        var oracle = Shell.Run($"(echo status,count; {ClfStrict} --format combined --emit status {Q(file)} | {CountAndRank})");
        var actual = FastLogCli.Run("count", file, "--by", "status", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, $"count --by status on {Elastic} vs the strict-grammar oracle");
    }

    [CorpusFact(Elastic)]
    public void Elastic_TopFiveClientIps_EqualOracle()
    {
        var file = RepoPaths.CorpusFile(Elastic);
        var oracle = Shell.Run($"(echo ip,count; {ClfStrict} --format combined --emit ip {Q(file)} | {CountAndRank} | head -n 5)");
        var actual = FastLogCli.Run("top", "ip", file, "-n", "5", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, $"top ip -n 5 on {Elastic} vs the oracle");
    }

    // The UTC hour is computed by the oracle with Python's datetime from the local time and its
    // offset (here all +0000, so a wrong sign would not show; the monitorware test below has -0800).
    [CorpusFact(Elastic)]
    public void Elastic_BusiestUtcHour_EqualsOracle()
    {
        var file = RepoPaths.CorpusFile(Elastic);
        var oracle = Shell.Run($"(echo hour,count; {ClfStrict} --format combined --emit hour {Q(file)} | {CountAndRank} | head -n 1)");
        var actual = FastLogCli.Run("top", "hour", file, "-n", "1", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, $"top hour -n 1 on {Elastic} vs the oracle");
    }

    // CRLF line endings: the oracle strips CR with tr before matching, fastlog must ignore it.
    [CorpusFact(Monitorware)]
    public void Monitorware_StatusCounts_EqualOracle()
    {
        var file = RepoPaths.CorpusFile(Monitorware);
        var oracle = Shell.Run($"(echo status,count; tr -d '\\r' < {Q(file)} | {ClfStrict} --format common --emit status - | {CountAndRank})");
        var actual = FastLogCli.Run("count", file, "--by", "status", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, $"count --by status on {Monitorware} vs the oracle");
    }

    // Many clients are host names (lj1036.inktomisearch.com); all of them, not just the top 5.
    [CorpusFact(Monitorware)]
    public void Monitorware_TopHosts_EqualOracle()
    {
        var file = RepoPaths.CorpusFile(Monitorware);
        var oracle = Shell.Run($"(echo ip,count; tr -d '\\r' < {Q(file)} | {ClfStrict} --format common --emit ip - | {CountAndRank})");
        var actual = FastLogCli.Run("top", "ip", file, "-n", "100000", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, $"top ip on {Monitorware} vs the oracle");
        Assert.Contains("lj1036.inktomisearch.com,", actual, StringComparison.Ordinal);
    }

    // Offsets are -0800: the UTC hour is 8 hours later than the local one.
    [CorpusFact(Monitorware)]
    public void Monitorware_UtcHours_EqualOracle()
    {
        var file = RepoPaths.CorpusFile(Monitorware);
        var oracle = Shell.Run($"(echo hour,count; tr -d '\\r' < {Q(file)} | {ClfStrict} --format common --emit hour - | {CountAndRank})");
        var actual = FastLogCli.Run("top", "hour", file, "-n", "100000", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, $"top hour on {Monitorware} vs the oracle");
    }

    // An Apache *error* log: no line is an access-log record. CRLF, and no LF after the last
    // line, so the oracle counts lines with awk (NR counts the unterminated last line, wc -l
    // does not) and non-blank lines with grep after stripping CR.
    [CorpusFact(ErrorLog)]
    public void ErrorLog_NothingParses_EveryNonBlankLineMalformed_ExitZero()
    {
        var file = RepoPaths.CorpusFile(ErrorLog);
        var nonBlank = long.Parse(Shell.Run($"tr -d '\\r' < {Q(file)} | LC_ALL=C grep -c ."));
        var lines = long.Parse(Shell.Run($"awk 'END {{ print NR }}' {Q(file)}"));

        var run = FastLogCli.Run("analyze", file, "--output", "json", "--stable");
        Assert.True(run.ExitCode == 0, $"{run.CommandLine} exited {run.ExitCode}; stderr:\n{run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var overview = json.RootElement.GetProperty("overview");
        Assert.Equal(0, overview.GetProperty("records").GetInt64());
        Assert.Equal(nonBlank, overview.GetProperty("malformed").GetInt64());
        Assert.Equal(lines, overview.GetProperty("lines").GetInt64());
        Assert.Equal(2000, lines); // SOURCE.md: 2000 log lines, 1999 LF
    }
}
