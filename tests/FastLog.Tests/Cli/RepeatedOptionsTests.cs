using FastLog.Cli;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Cli;

/// <summary>
/// No occurrence of an option is silently dropped: list options (the flag table's Repeatable
/// ones) accumulate, every other option given twice with different values is a usage error.
/// Checked over the whole flag table, and end to end for the options the issue named.
/// </summary>
public class RepeatedOptionsTests
{
    private static readonly string s_sample = Path.Combine(RepoPaths.Samples, "combined", "access.log");

    public static TheoryData<string> ListFlags() => [.. Flags.All.Where(f => f.Repeatable).Select(f => f.Name)];

    public static TheoryData<string> ScalarFlags() => [.. Flags.All.Where(f => f.TakesValue && !f.Repeatable).Select(f => f.Name)];

    [Theory, MemberData(nameof(ListFlags))]
    public void ListOption_Repeated_KeepsEveryOccurrence(string flag)
    {
        var args = CliArgs.Parse(["count", flag, "a=x", flag, "b=y", flag, "a=x"]);
        Assert.Equal("a=x,b=y,a=x", args.Values[flag]);
        Assert.Equal(["a=x", "b=y", "a=x"], args.Repeated[flag]);
    }

    [Theory, MemberData(nameof(ScalarFlags))]
    public void ScalarOption_RepeatedWithDifferentValues_IsAUsageError(string flag)
    {
        var e = Assert.Throws<UsageException>(() => CliArgs.Parse(["count", flag, "1", flag, "2"]));
        Assert.Equal($"option '{Flags.Find(flag)!.Name}' given twice, as '1' and '2'; give it once", e.Message);
        Assert.Equal("1", CliArgs.Parse(["count", flag, "1", flag, "1"]).Values[Flags.Find(flag)!.Name]);
    }

    [Fact]
    public void OptionalValue_GivenTwiceDifferently_IsAUsageError()
        => Assert.Throws<UsageException>(() => CliArgs.Parse(["detect", "--fail-on-findings=high", "--fail-on-findings", "low"]));

    [Fact]
    public void AliasAndLongName_CountAsTheSameOption()
    {
        Assert.Throws<UsageException>(() => CliArgs.Parse(["count", "-o", "a", "--out", "b"]));
        Assert.Throws<UsageException>(() => CliArgs.Parse(["top", "ip", "-n", "3", "--top", "4"]));
    }

    [Fact]
    public void EndToEnd_ScalarGivenTwice_ExitsTwo()
    {
        var run = FastLogCli.Run("count", s_sample, "--threads", "1", "--threads", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("fastlog: error: option '--threads' given twice, as '1' and '2'; give it once\nTry 'fastlog --help'.\n", run.Stderr);
    }

    [Fact]
    public void By_Repeated_GroupsByEveryField()
    {
        var joined = FastLogCli.Run("count", s_sample, "--by", "status,method", "--output", "csv").Ok();
        var repeated = FastLogCli.Run("count", s_sample, "--by", "status", "--by", "method", "--output", "csv").Ok();
        Assert.Equal(joined, repeated);
        Assert.StartsWith("status,method,count\n", repeated);
    }

    [Fact]
    public void Fields_Repeated_PrintsEveryField()
    {
        var joined = FastLogCli.Run("filter", s_sample, "--fields", "ip,status", "--output", "csv").Ok();
        var repeated = FastLogCli.Run("filter", s_sample, "--fields", "ip", "--fields", "status", "--output", "csv").Ok();
        Assert.Equal(joined, repeated);
        Assert.StartsWith("ip,status\n", repeated);
    }

    // The issue: the first rules file's rules vanished. Each file's rule must find its own requests.
    [Fact]
    public void Rules_Repeated_RunsTheRulesOfEveryFile()
    {
        using var temp = new TempDirectory("rules-repeated");
        File.WriteAllText(temp.File("a.json"), """[{ "id": "ONLY-404", "name": "not found", "severity": "low", "where": "status == 404" }]""");
        File.WriteAllText(temp.File("b.json"), """[{ "id": "ONLY-POST", "name": "posts", "severity": "low", "where": "method == \"POST\"" }]""");
        var both = FastLogCli.Run("detect", s_sample, "--rules", temp.File("a.json"), "--rules", temp.File("b.json"), "--output", "jsonl").Ok();
        var a = FastLogCli.Run("detect", s_sample, "--rules", temp.File("a.json"), "--output", "jsonl").Ok();
        var b = FastLogCli.Run("detect", s_sample, "--rules", temp.File("b.json"), "--output", "jsonl").Ok();
        int Count(string jsonl, string id) => jsonl.Split('\n').Count(l => l.Contains($"\"rule\":{{\"id\":\"{id}\"", StringComparison.Ordinal));
        Assert.True(Count(a, "ONLY-404") > 0 && Count(b, "ONLY-POST") > 0, "the sample must trip both rules for this test to mean anything");
        Assert.Equal(Count(a, "ONLY-404"), Count(both, "ONLY-404"));
        Assert.Equal(Count(b, "ONLY-POST"), Count(both, "ONLY-POST"));
    }

    [Fact]
    public void Rules_SameIdInTwoFiles_IsAUsageError()
    {
        using var temp = new TempDirectory("rules-dup");
        File.WriteAllText(temp.File("a.json"), """[{ "id": "X", "name": "x", "severity": "low", "where": "status == 404" }]""");
        var run = FastLogCli.Run("detect", s_sample, "--rules", temp.File("a.json"), "--rules", temp.File("a.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("fastlog: error: --rules: rule 'X' is defined in more than one rules file\n", run.Stderr);
    }

    [Fact]
    public void Internal_Repeated_CountsEveryNetwork()
    {
        var joined = FastLogCli.Run("detect", s_sample, "--internal", "198.51.100.0/24,203.0.113.0/24", "--output", "jsonl").Ok();
        var repeated = FastLogCli.Run("detect", s_sample, "--internal", "198.51.100.0/24", "--internal", "203.0.113.0/24", "--output", "jsonl").Ok();
        var lastOnly = FastLogCli.Run("detect", s_sample, "--internal", "203.0.113.0/24", "--output", "jsonl").Ok();
        Assert.Equal(joined, repeated);
        Assert.NotEqual(lastOnly, repeated);
    }
}
