using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Query;

/// <summary>
/// Sits between a worker's parser and its aggregator: evaluates the filter over each batch and
/// hands on only the matching records — the batch itself when all match, nothing when none do,
/// otherwise a compacted copy whose byte ranges still point into the same block.
/// </summary>
public sealed class FilteringBatchConsumer(RecordPredicate predicate, IBatchConsumer next) : IBatchConsumer
{
    private int[] _selection = [];
    private LogBatch? _kept;

    /// <summary>Records that reached the filter.</summary>
    public long Seen { get; private set; }

    /// <summary>Records that matched.</summary>
    public long Matched { get; private set; }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var count = batch.Count;
        if (count == 0) return;
        if (_selection.Length < batch.Capacity) _selection = new int[batch.Capacity]; // deliberate: once per worker
        var selection = _selection.AsSpan(0, count);
        for (var r = 0; r < count; r++) selection[r] = r;
        var kept = predicate.Filter(batch, block, selection, count);
        Seen += count;
        Matched += kept;
        if (kept == 0) return;
        if (kept == count)
        {
            next.Consume(batch, block);
            return;
        }
        var output = _kept is { } k && k.Capacity >= batch.Capacity ? k : _kept = new LogBatch(batch.Capacity);
        output.CopySelected(batch, selection[..kept]);
        next.Consume(output, block);
    }
}
