using FastLog.Aggregation.Tables;
using FastLog.Detection;

namespace FastLog.Tests.Detection;

/// <summary>
/// <see cref="DetectionState"/>: the rule state saved by a run and loaded by the next (a follow
/// restart) finds what one run over all the records finds, windowed attacks spanning the restart included.
/// </summary>
public class DetectionStateTests
{
    [Fact]
    public void Attacks_spanning_a_restart_are_found_from_the_saved_state()
    {
        var log = AuthRuleTests.Mixed();
        var one = new DetectionAggregator(TableBudget.Default);
        log.FeedTo(one);
        var expected = DetectionFindings.Extract(one).Select(AuthTestsBatchBuilder.Describe).ToList();
        Assert.Contains(expected, e => e.StartsWith("L2 ", StringComparison.Ordinal));
        // Invariant: every restart point k in [0, k) gave the one run's findings.
        for (var k = 0; k <= log.Count; k += 7)
        {
            var before = new DetectionAggregator(TableBudget.Default);
            log.FeedTo(before, 0, k, batchSize: 5);
            var saved = new MemoryStream();
            DetectionState.Save(before, saved);
            var after = new DetectionAggregator(TableBudget.Default);
            DetectionState.Load(after, new MemoryStream(saved.ToArray()));
            log.FeedTo(after, k, log.Count, batchSize: 3);
            Assert.Equal(expected, DetectionFindings.Extract(after).Select(AuthTestsBatchBuilder.Describe).ToList());
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("not a state")]
    public void A_damaged_saved_state_is_refused(string damage)
    {
        var state = new DetectionAggregator(TableBudget.Default);
        AuthRuleTests.Mixed().FeedTo(state);
        var saved = new MemoryStream();
        DetectionState.Save(state, saved);
        var bytes = saved.ToArray();
        bytes = damage switch
        {
            "truncated" => bytes[..^5],
            "flipped" => [.. bytes[..40], (byte)(bytes[40] ^ 1), .. bytes[41..]],
            _ => "FLPART\r\n\u0002\0"u8.ToArray(),
        };
        Assert.Throws<InvalidDataException>(() => DetectionState.Load(new DetectionAggregator(TableBudget.Default), new MemoryStream(bytes)));
    }
}
