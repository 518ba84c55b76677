namespace FastLog.Generation.Attacks;

/// <summary>The scenarios of a run and all their requests, in file order.</summary>
internal sealed class AttackPlan
{
    /// <summary>A plan without attacks (<c>--attacks none</c>).</summary>
    public static readonly AttackPlan None = new([], []);

    /// <summary>The scenarios, by index.</summary>
    public IReadOnlyList<AttackScenario> Scenarios { get; }

    /// <summary>Every request of every scenario, sorted by position (then time, scenario, number).</summary>
    public PlannedEvent[] Events { get; }

    public AttackPlan(IReadOnlyList<AttackScenario> scenarios, PlannedEvent[] events)
    {
        Scenarios = scenarios;
        Events = events;
    }

    /// <summary>Index of the first event whose position is at or after <paramref name="position"/> (Events.Length if none).</summary>
    public int FirstAtOrAfter(long position)
    {
        int lo = 0, hi = Events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Events[mid].Position < position) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
