using FastLog.Aggregation.Views;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation;

/// <summary><c>count</c> without <c>--by</c>: only the record count (a repeated syslog message counts its occurrences).</summary>
public sealed class CountAggregator : IAggregator, IPartialState
{
    /// <summary>Records counted.</summary>
    public long Records { get; private set; }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        // A weight below 1 (a null repeat cell from Parquet input) counts once, as in every view.
        Records += WeightedColumn.Total(batch.Repeats, batch.Count);
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other) => Records += ((CountAggregator)other).Records;

    /// <inheritdoc/>
    public bool IsApproximate => false;

    /// <inheritdoc/>
    public void WriteState(PartialWriter writer) => writer.WriteInt(Records);

    /// <inheritdoc/>
    public void ReadState(PartialReader reader) => Records = reader.ReadInt();
}
