namespace FastLog.Generation.Attacks;

/// <summary>
/// One request of a scenario, placed in the background stream: it is written just before
/// background line <paramref name="Position"/> (after every background line whose timestamp is at
/// or before <paramref name="Time"/>), so timestamps stay in order.
/// </summary>
/// <param name="Position">Index of the background line it precedes (== the background line count: after the last one).</param>
/// <param name="Time">Its timestamp, Unix seconds (UTC).</param>
/// <param name="Scenario">Index of its scenario.</param>
/// <param name="Number">Its 0-based number within the scenario (seeds its random choices).</param>
internal readonly record struct PlannedEvent(long Position, long Time, int Scenario, int Number) : IComparable<PlannedEvent>
{
    public int CompareTo(PlannedEvent other)
    {
        var c = Position.CompareTo(other.Position);
        if (c == 0) c = Time.CompareTo(other.Time);
        if (c == 0) c = Scenario.CompareTo(other.Scenario);
        return c != 0 ? c : Number.CompareTo(other.Number);
    }
}
