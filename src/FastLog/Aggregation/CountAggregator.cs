using FastLog.Columns;

namespace FastLog.Aggregation;

/// <summary><c>count</c> without <c>--by</c>: only the record count.</summary>
public sealed class CountAggregator : IAggregator
{
    /// <summary>Records counted.</summary>
    public long Records { get; private set; }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block) => Records += batch.Count;

    /// <inheritdoc/>
    public void Merge(IAggregator other) => Records += ((CountAggregator)other).Records;
}
