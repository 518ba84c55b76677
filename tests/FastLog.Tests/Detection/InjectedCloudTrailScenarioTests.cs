using System.Globalization;
using FastLog.Tests.TestSupport;
using Xunit.Abstractions;

namespace FastLog.Tests.Detection;

/// <summary>
/// Recall and precision of the CloudTrail rules C1–C13 on generated NDJSON logs of a million
/// records whose truth manifest names every injected attack (issue 6, item 1): every scenario is
/// found by its rule (C1 also by C1b, <see cref="TruthScoring"/>), with its source address, user,
/// event count and time span; no finding names an address or user the manifest does not justify;
/// a log without attacks raises nothing.
/// </summary>
public class InjectedCloudTrailScenarioTests(TruthRuns runs, ITestOutputHelper output) : IClassFixture<TruthRuns>
{
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void EveryScenario_IsFound_AndEveryFinding_IsJustified(string seed)
    {
        var run = runs.Get("cloudtrail", seed);
        Assert.Equal(Enumerable.Range(1, 13).Select(i => $"C{i}").Order(), run.Truth.Scenarios.Select(s => s.RuleId!).Order());
        // Every scenario has its own source address: a finding's address alone tells which one it is.
        Assert.Equal(run.Truth.Scenarios.Count, run.Truth.Scenarios.Select(s => s.SourceIp).Distinct().Count());
        TruthScoring.AssertRecallAndPrecision(run, output);
    }

    [Fact]
    public void CleanLog_RaisesNoFinding()
    {
        var run = runs.Get("cloudtrail", "4", attacks: false);
        Assert.Empty(run.Truth.Scenarios);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cloudtrail seed 4, {run.Lines:N0} lines, --attacks none: {run.Findings.Count} findings"));
        Assert.True(run.Findings.Count == 0, "findings on a log without attacks:\n" + string.Join("\n", run.Findings));
    }
}
