using System.Text.Json;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// Recall and precision of the web rules on generated logs whose truth manifest names every
/// injected attack (issue 6, item 1): every scenario is found by its rule, and no finding names
/// a client that is not an injected attacker.
/// </summary>
public class InjectedScenarioTests
{
    private static readonly Dictionary<string, string> s_ruleOfKind = new()
    {
        ["brute_force"] = "W9",
        ["dir_scan"] = "W10b",
        ["sql_injection"] = "W1",
        ["path_traversal"] = "W2",
        ["xss"] = "W3",
        ["jndi"] = "W5",
        ["recon_tool"] = "W7",
        ["secret_files"] = "W8",
        ["rate_bot"] = "W11",
    };

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void EveryInjectedScenarioIsFoundAndNothingElse(string seed)
    {
        using var dir = new TempDirectory("scenarios");
        var log = dir.File("access.log");
        var truth = dir.File("truth.json");
        FastLogCli.Run("generate", "--format", "combined", "--lines", "1000000", "--seed", seed, "--truth", truth, "-o", log).Ok();
        var findings = FastLogCli.Run("detect", log, "--output", "jsonl").Ok()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(f => (Rule: f.GetProperty("rule").GetProperty("id").GetString()!, Ip: f.GetProperty("source").GetProperty("ip").GetString()!))
            .ToList();
        var scenarios = JsonDocument.Parse(File.ReadAllText(truth)).RootElement.GetProperty("scenarios").EnumerateArray()
            .Select(s => (Kind: s.GetProperty("kind").GetString()!, Ip: s.GetProperty("source_ip").GetString()!))
            .ToList();
        Assert.NotEmpty(scenarios);

        var missed = scenarios.Where(s => !findings.Contains((s_ruleOfKind[s.Kind], s.Ip))).ToList();
        Assert.True(missed.Count == 0, "recall < 1: missed " + string.Join(", ", missed));
        var attackers = scenarios.Select(s => s.Ip).ToHashSet();
        var unjustified = findings.Where(f => !attackers.Contains(f.Ip)).ToList();
        Assert.True(unjustified.Count == 0, "precision < 1: " + string.Join(", ", unjustified));
    }

    [Fact]
    public void CleanTrafficRaisesNoFinding()
    {
        using var dir = new TempDirectory("clean");
        var log = dir.File("access.log");
        FastLogCli.Run("generate", "--format", "combined", "--lines", "1000000", "--seed", "4", "--attacks", "none", "-o", log).Ok();
        Assert.Equal("", FastLogCli.Run("detect", log, "--output", "jsonl").Ok());
    }
}

/// <summary><c>--fail-on-findings[=SEVERITY]</c>: exit 4 when findings at or above it exist, after writing them.</summary>
public class FailOnFindingsTests
{
    [Fact]
    public void ExitsFourOnlyAtOrAboveTheSeverity()
    {
        using var dir = new TempDirectory("fail-on");
        var log = dir.File("access.log");
        File.WriteAllText(log, "203.0.113.5 - - [01/Mar/2024:12:00:00 +0000] \"GET /.env HTTP/1.1\" 404 0 \"-\" \"curl/8\"\n");
        var medium = FastLogCli.Run("detect", log, "--fail-on-findings");
        Assert.Equal(4, medium.ExitCode);
        Assert.Contains("W8", medium.StdoutText);
        Assert.Equal(4, FastLogCli.Run("detect", log, "--fail-on-findings=medium").ExitCode);
        Assert.Equal(0, FastLogCli.Run("detect", log, "--fail-on-findings=high").ExitCode);
        Assert.Equal(4, FastLogCli.Run("analyze", log, "--detect", "--fail-on-findings").ExitCode);
        Assert.Equal(2, FastLogCli.Run("analyze", log, "--fail-on-findings").ExitCode);
        Assert.Equal(2, FastLogCli.Run("detect", log, "--fail-on-findings=severe").ExitCode);
    }
}
