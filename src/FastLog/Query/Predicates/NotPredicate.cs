using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary><c>not a</c>: the selected records <c>a</c> does not match.</summary>
public sealed class NotPredicate(RecordPredicate child, SelectionScratch scratch) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var trial = scratch.Rent(Math.Max(count, batch.Capacity));
        try
        {
            selection[..count].CopyTo(trial);
            var hits = child.Filter(batch, block, trial, count);
            return OrPredicate.Except(selection, count, trial, hits);
        }
        finally
        {
            scratch.Return(1);
        }
    }
}
