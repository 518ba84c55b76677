using FastLog.Generation.Traffic;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Generation;

/// <summary>
/// The cardinality knobs of generate (<c>--clients</c>, <c>--paths</c>, <c>--agents</c>,
/// <c>--id-paths</c>): the distinct values in the written log, counted by awk, are what was asked.
/// Damaged lines are left out of the oracles by the shape of the request's protocol field
/// (a truncated line ends before it; a garbage line has no spaces).
/// </summary>
public class GenerateCardinalityTests
{
    /// <summary>awk program printing one field of every well-formed line (its request ends in <c>HTTP/x"</c>).</summary>
    private static string DistinctField(string path, string field)
        => Shell.Run($"awk '$8 ~ /^HTTP\\/[0-9.]+\"$/ {{ print {field} }}' {Shell.Quote(path)} | sort -u | wc -l").Trim();

    private static string Generate(TempDirectory temp, params string[] knobs)
    {
        var path = temp.File("k.log");
        FastLogCli.Run(["generate", "--attacks", "none", "--seed", "3", "-o", path, .. knobs]).Ok();
        return path;
    }

    [Theory]
    [InlineData("combined", 60)]
    [InlineData("combined", 700)]
    [InlineData("common", 250)]
    public void Clients_GiveExactlyThatManyDistinctAddresses(string format, int clients)
    {
        using var temp = new TempDirectory("gen-clients");
        var path = Generate(temp, "--format", format, "--lines", "40000", "--clients", clients.ToString());
        Assert.Equal(clients.ToString(), DistinctField(path, "$1"));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(300)]
    public void Paths_GiveExactlyThatManyDistinctTargets(int paths)
    {
        using var temp = new TempDirectory("gen-paths");
        var path = Generate(temp, "--lines", "60000", "--paths", paths.ToString());
        Assert.Equal(paths.ToString(), DistinctField(path, "$7"));
    }

    [Fact]
    public void Agents_AddGeneratedBrowserVersions_UpToTheCount()
    {
        using var temp = new TempDirectory("gen-agents");
        const int agents = 300;
        var path = Generate(temp, "--lines", "100000", "--agents", agents.ToString());
        var quoted = Shell.Quote(path);
        // The generated versions (Chrome/1xx.0.4nnn.0) all appear; the whole set stays within the count.
        var generated = Shell.Run($"awk -F'\"' 'NF >= 7 {{ print $6 }}' {quoted} | sort -u | grep -cE 'Chrome/[0-9]+\\.0\\.4[0-9]{{3}}\\.0 Safari'").Trim();
        Assert.Equal((agents - TrafficShape.MinAgents).ToString(), generated);
        var all = int.Parse(Shell.Run($"awk -F'\"' 'NF >= 7 {{ print $6 }}' {quoted} | sort -u | wc -l").Trim());
        Assert.InRange(all, agents - TrafficShape.MinAgents + 1, agents);
    }

    [Fact]
    public void IdPathsOne_MakesEveryPathDistinct_AndKeepsStaticExtensions()
    {
        using var temp = new TempDirectory("gen-ids");
        var path = Generate(temp, "--lines", "20000", "--id-paths", "1");
        var wellFormed = Shell.Run($"awk '$8 ~ /^HTTP\\/[0-9.]+\"$/' {Shell.Quote(path)} | wc -l").Trim();
        Assert.Equal(wellFormed, DistinctField(path, "$7"));
        // Static files keep their extension (the id goes before it), so they stay static for analyze.
        var staticWithId = Shell.Run($"awk '$8 ~ /^HTTP\\/[0-9.]+\"$/ && $7 ~ /^\\/static\\/.*-[0-9]+\\.(css|js|png|jpg|webp|svg|woff2|map)(\\?|$)/' {Shell.Quote(path)} | wc -l").Trim();
        Assert.True(int.Parse(staticWithId) > 1000, staticWithId);
    }

    [Theory]
    [InlineData("0.25")]
    [InlineData("0.6")]
    public void IdPathsShare_IdsThatShareOfRequests(string share)
    {
        using var temp = new TempDirectory("gen-ids-share");
        var path = Generate(temp, "--lines", "40000", "--id-paths", share);
        // An id is 1 to 2^48, so it has 10 or more digits but for one in a few hundred thousand;
        // the pool's own numbers have at most 6 (api ids, hex file stamps).
        var ided = Shell.Run($"awk '$8 ~ /^HTTP\\/[0-9.]+\"$/ {{ n++; if ($7 ~ /[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]/) i++ }} END {{ print i / n }}' {Shell.Quote(path)}");
        var expected = double.Parse(share, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(double.Parse(ided.Trim(), System.Globalization.CultureInfo.InvariantCulture), expected - 0.015, expected + 0.015);
    }

    [Theory]
    [InlineData("--clients", "9")]
    [InlineData("--clients", "lots")]
    [InlineData("--paths", "19")]
    [InlineData("--agents", "10")]
    [InlineData("--id-paths", "1.5")]
    [InlineData("--id-paths", "-0.1")]
    public void OutOfRangeKnobs_AreUsageErrors(string knob, string value)
    {
        var result = FastLogCli.Run("generate", "--lines", "10", knob, value);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"fastlog: error: {knob}", result.Stderr);
    }

    [Theory]
    [InlineData("github")]
    [InlineData("auth")]
    public void Knobs_OnFormatsWithoutWebTraffic_AreUsageErrors(string format)
    {
        var result = FastLogCli.Run("generate", "--lines", "10", "--format", format, "--clients", "50");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("shape web traffic", result.Stderr);
    }

    [Fact]
    public void NoKnobs_WriteTheSameBytesAsDefaultKnobValues_AndIdPathsZeroChangesNothing()
    {
        var plain = FastLogCli.Run("generate", "--lines", "5000", "--seed", "11").Stdout;
        var zero = FastLogCli.Run("generate", "--lines", "5000", "--seed", "11", "--id-paths", "0").Stdout;
        Assert.Equal(plain, zero);
    }
}
