using FastLog.Generation.Attacks;

namespace FastLog.Generation;

/// <summary>What of one scenario made it into the output (all of it, unless <c>--size</c> cut the log first).</summary>
/// <param name="Scenario">The planned scenario.</param>
/// <param name="Events">Its lines in the output.</param>
/// <param name="FirstTime">Timestamp of its first line, Unix seconds (UTC).</param>
/// <param name="LastTime">Timestamp of its last line, Unix seconds (UTC).</param>
public sealed record ScenarioOutcome(AttackScenario Scenario, long Events, long FirstTime, long LastTime);
