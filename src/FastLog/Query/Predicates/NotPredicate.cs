using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary><c>not a</c>: the selected records <c>a</c> does not match.</summary>
public sealed class NotPredicate(RecordPredicate child) : RecordPredicate
{
    private int[] _trial = [];

    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        if (_trial.Length < count) _trial = new int[Math.Max(count, batch.Capacity)]; // deliberate: grows once per worker
        selection[..count].CopyTo(_trial);
        var hits = child.Filter(batch, block, _trial, count);
        return OrPredicate.Except(selection, count, _trial, hits);
    }
}
