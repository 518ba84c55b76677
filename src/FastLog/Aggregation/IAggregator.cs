using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Aggregation;

/// <summary>
/// Consumes column batches into per-worker state; worker states merge into one.
/// </summary>
/// <remarks>
/// Contract (a tested property): aggregating any split of the records and merging the parts, in
/// any order, gives the same result as aggregating all records at once, as long as no table
/// went past its budget (<see cref="IsApproximate"/>). Counts are exact; nothing depends on hash values or arrival order.
/// </remarks>
public interface IAggregator : IBatchConsumer
{
    /// <summary>Adds everything <paramref name="other"/> (of the same type) has counted into this one.</summary>
    void Merge(IAggregator other);

    /// <summary>
    /// True once a memory budget refused a key (or reduced a sketch) anywhere in this state: the
    /// result is then approximate, and depends on how the records were split and merged.
    /// </summary>
    bool IsApproximate { get; }

    /// <summary>
    /// The largest share of its key budget any table of this state holds (0 when it keeps no
    /// budgeted table, 1 when one is full). The pipeline extrapolates it to foresee a run whose
    /// merged state will pass a budget; a forecast only: it decides how a run is split (which
    /// never changes an exact result), not what it finds.
    /// </summary>
    double BudgetShare => 0;

    /// <summary>
    /// An empty state for a run's next work unit, as the run's factory would make it but with room
    /// for the keys this one holds, so that a run with one state per unit does not grow (and
    /// rehash) its tables again in every unit; null: the pipeline calls its factory. Only the
    /// sizes differ: the new state counts exactly as a factory-made one.
    /// </summary>
    IAggregator? CreateSizedLike() => null;
}

