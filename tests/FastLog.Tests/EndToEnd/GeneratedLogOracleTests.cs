using FastLog.Tests.TestSupport;
using Xunit;
using static FastLog.Tests.TestSupport.OracleCommands;

namespace FastLog.Tests.EndToEnd;

/// <summary>
/// Issue 2, "What it must show" item 3: exact counts on large generated logs against classic
/// Unix tools and against the strict-grammar oracle.
/// </summary>
public class GeneratedLogOracleTests(GeneratedLogsFixture logs) : IClassFixture<GeneratedLogsFixture>
{
    // Every line is well formed, so awk's first field is the client; the ranking re-sorts
    // uniq -c's output by count descending, then value ascending bytewise.
    [Fact]
    public void TopIp_OnMillionLines_EqualsAwkSortUniq()
    {
        var oracle = Shell.Run(
            $"(echo ip,count; awk '{{print $1}}' {logs.Clean} | LC_ALL=C sort | uniq -c | awk '{{print $2\",\"$1}}' | LC_ALL=C sort -t, -k2,2nr -k1,1)");
        var actual = FastLogCli.Run("top", "ip", logs.Clean, "--output", "csv", "-n", "100000").Ok();
        OutputAssert.Equal(oracle, actual, "top ip --output csv -n 100000 on 1M generated lines vs awk | sort | uniq -c");

        var distinct = actual.Count(c => c == '\n') - 1;
        // The generator's client model: about 5,000 distinct clients per million lines (heavy
        // hitters, a Zipf tail and one-off transients), so the table grows well past its first size.
        Assert.True(distinct >= 4_000, $"the log should have at least 4,000 distinct clients, has {distinct}");
        Assert.True(distinct < 100_000, $"-n 100000 must not cut the list: {distinct} clients");
    }

    // The premise of the awk oracle above: no line is malformed or blank.
    [Fact]
    public void MillionLineLog_HasNoMalformedLines()
    {
        var lines = Shell.Run($"awk 'END {{ print NR }}' {logs.Clean}");
        Assert.Equal("1000000\n", lines);
        var parsed = FastLogCli.Run("count", logs.Clean, "--output", "csv").Ok();
        Assert.Equal("count\n1000000\n", parsed);
    }

    // About 2 % of the lines are damaged by the generator (truncated, garbage, bad time, bad
    // status, missing quote, blank, raw spaces): the strict-grammar script decides which lines
    // count, independently of fastlog.
    [Fact]
    public void CountByStatus_OnTwoPercentMalformed_EqualsStrictGrammarScript()
    {
        var oracle = Shell.Run($"(echo status,count; {ClfStrict} --format combined --emit status {logs.Dirty} | {CountAndRank})");
        var actual = FastLogCli.Run("count", logs.Dirty, "--by", "status", "--output", "csv").Ok();
        OutputAssert.Equal(oracle, actual, "count --by status on the 2 %-malformed log vs tests/oracles/clf_strict.py");

        var summary = Shell.Run($"{ClfStrict} --format combined --summary {logs.Dirty}");
        var rejected = long.Parse(summary.Split('\n').Single(l => l.StartsWith("rejected ", StringComparison.Ordinal))["rejected ".Length..]);
        Assert.True(rejected > 2000, $"the oracle should reject a few thousand lines of this log:\n{summary}");
    }
}
