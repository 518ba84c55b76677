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
        Compact(batch, selection[..kept], output);
        next.Consume(output, block);
    }

    /// <summary>Copies the selected records, in order, into <paramref name="output"/>, column by column.</summary>
    private static void Compact(LogBatch batch, ReadOnlySpan<int> selection, LogBatch output)
    {
        // Invariant: output record j is batch record selection[j]; every column of LogBatch is
        // copied with the same index list, so the records stay whole (a new column belongs here).
        Gather(batch.Line, selection, output.Line);
        Gather(batch.LineIndex, selection, output.LineIndex);
        Gather(batch.Ip, selection, output.Ip);
        Gather(batch.User, selection, output.User);
        Gather(batch.Method, selection, output.Method);
        Gather(batch.Path, selection, output.Path);
        Gather(batch.Query, selection, output.Query);
        Gather(batch.Protocol, selection, output.Protocol);
        Gather(batch.Referer, selection, output.Referer);
        Gather(batch.Ua, selection, output.Ua);
        Gather(batch.Status, selection, output.Status);
        Gather(batch.Bytes, selection, output.Bytes);
        Gather(batch.UnixSeconds, selection, output.UnixSeconds);
        Gather(batch.RequestTimeMicros, selection, output.RequestTimeMicros);
        output.Count = selection.Length;
        output.Origin = batch.Origin;
    }

    private static void Gather<T>(T[] source, ReadOnlySpan<int> selection, T[] destination)
    {
        for (var j = 0; j < selection.Length; j++) destination[j] = source[selection[j]];
    }
}
