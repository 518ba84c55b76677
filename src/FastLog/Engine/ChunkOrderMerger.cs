using FastLog.Aggregation;

namespace FastLog.Engine;

/// <summary>
/// Folds per-unit aggregator states into one, in a fixed merge order, while workers are still
/// running: <c>((s0 ⊕ s1) ⊕ s2) ⊕ …</c>. Exact results do not depend on the order; results a
/// memory budget made approximate do, so fixing the order makes them independent of which
/// worker ran which unit and of the thread count.
/// </summary>
/// <remarks>
/// A state that finishes before its predecessors waits (it is held, not merged); whichever
/// worker deposits the next state in order folds every consecutive ready state. Only one worker
/// folds at a time; the others return at once and keep parsing. Since units are handed out
/// roughly in merge order, the states waiting at any time are about one per worker.
/// </remarks>
public sealed class ChunkOrderMerger
{
    private readonly int[] _rank;
    private readonly IAggregator?[] _ready;
    private readonly object _sync = new();
    private int _next;
    private int _folding;
    private IAggregator? _total;

    /// <summary>Creates a merger for units whose merge positions are <paramref name="rank"/>[unit] (a permutation).</summary>
    public ChunkOrderMerger(int[] rank)
    {
        _rank = rank;
        _ready = new IAggregator?[rank.Length];
    }

    /// <summary>Deposits the state of unit <paramref name="unit"/> and folds what is ready. Thread-safe.</summary>
    public void Add(int unit, IAggregator state)
    {
        lock (_sync) _ready[_rank[unit]] = state;
        // Invariant: each pass folds at least the state just deposited or returns; a deposit that
        // finds another worker folding is picked up by that worker's re-check below.
        while (Interlocked.CompareExchange(ref _folding, 1, 0) == 0)
        {
            while (TakeNext() is { } next) Fold(next);
            Volatile.Write(ref _folding, 0);
            lock (_sync)
                if (_next >= _ready.Length || _ready[_next] is null) return;
        }
    }

    /// <summary>
    /// After every worker has stopped: the merged state. Units that never ran (a cancelled run)
    /// are skipped in order; null when no unit ran.
    /// </summary>
    public IAggregator? Finish()
    {
        for (; _next < _ready.Length; _next++)
            if (_ready[_next] is { } state) Fold(state);
        return _total;
    }

    private IAggregator? TakeNext()
    {
        lock (_sync)
        {
            if (_next >= _ready.Length || _ready[_next] is not { } state) return null;
            _ready[_next++] = null;
            return state;
        }
    }

    // The first state in order becomes the total: its keys need no re-inserting.
    private void Fold(IAggregator state)
    {
        if (_total is null) _total = state;
        else _total.Merge(state);
    }
}
