using FastLog.Columns;

namespace FastLog.Formats;

/// <summary>Discards batches: for probing a sample with a parser, where only the counters matter.</summary>
public sealed class NullBatchConsumer : IBatchConsumer
{
    /// <summary>The instance.</summary>
    public static readonly NullBatchConsumer Instance = new();

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block) { }
}
