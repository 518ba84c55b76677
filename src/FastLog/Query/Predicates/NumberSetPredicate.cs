using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary><c>status in [200, 304]</c>: membership in a sorted list of whole numbers.</summary>
public sealed class NumberSetPredicate(LogField field, long[] sortedValues) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var column = batch.NumberColumn(field);
        var kept = 0;
        // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k.
        for (var k = 0; k < count; k++)
        {
            var r = selection[k];
            var v = field == LogField.Status ? batch.Status[r] : column![r];
            if (v >= 0 && Array.BinarySearch(sortedValues, v) >= 0) selection[kept++] = r;
        }
        return kept;
    }
}
