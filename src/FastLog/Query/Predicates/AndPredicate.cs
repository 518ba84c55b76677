using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary><c>a and b and …</c>: each child narrows the selection the previous one left.</summary>
public sealed class AndPredicate(RecordPredicate[] children) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        // Invariant: selection[0, count) holds the records every child so far matched.
        foreach (var child in children)
        {
            if (count == 0) break;
            count = child.Filter(batch, block, selection, count);
        }
        return count;
    }
}
