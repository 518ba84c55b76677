using FastLog.Tests.TestSupport;
using Xunit.Abstractions;

namespace FastLog.Tests.Detection;

/// <summary>
/// Recall and precision of the auth rules L1–L6 on generated auth.logs of a million lines whose
/// truth manifest names every injected attack (issue 6, item 1): every scenario is found by its
/// rule and its documented companions (<see cref="TruthScoring"/>), with its source, user, event
/// count and time span; no finding names an address or user the manifest does not justify; the
/// addresses forged into user names (R3) are never a source; a log without attacks raises nothing.
/// </summary>
public class InjectedAuthScenarioTests(TruthRuns runs, ITestOutputHelper output) : IClassFixture<TruthRuns>
{
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void EveryScenario_IsFound_AndEveryFinding_IsJustified(string seed)
    {
        var run = runs.Get("auth", seed);
        // Not vacuous: the plan has every rule, the R3 spoof among the L2 scenarios.
        Assert.Equal(["L1", "L2", "L2", "L3", "L4", "L5", "L6"], run.Truth.Scenarios.Select(s => s.RuleId!).Order());
        Assert.All(run.Truth.Scenarios, s => Assert.Equal(TruthRuns.GeneratedYear, DateTimeOffset.Parse(s.Start, System.Globalization.CultureInfo.InvariantCulture).Year));
        TruthScoring.AssertRecallAndPrecision(run, output);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void SpoofedVictims_AreNeverASource(string seed)
    {
        var run = runs.Get("auth", seed);
        var spoof = Assert.Single(run.Truth.Scenarios, s => s.Victims is not null);
        Assert.Equal(2, spoof.Victims!.Count);
        // The attacker is found (by L2 and L2b), the victims named in its user names never are.
        Assert.Contains(run.Findings, f => f.Rule == "L2" && f.Ip == spoof.SourceIp);
        foreach (var victim in spoof.Victims)
        {
            Assert.DoesNotContain(run.Findings, f => f.Ip == victim || f.Host == victim);
            Assert.Contains(spoof.Users!, u => u.Contains($" from {victim} port ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void CleanLog_RaisesNoFinding()
    {
        var run = runs.Get("auth", "4", attacks: false);
        Assert.Empty(run.Truth.Scenarios);
        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"auth seed 4, {run.Lines:N0} lines, --attacks none: {run.Findings.Count} findings"));
        Assert.True(run.Findings.Count == 0, "findings on a log without attacks:\n" + string.Join("\n", run.Findings));
    }
}
