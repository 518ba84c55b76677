using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>a or b or …</c>: each child sees only the records no earlier child matched; the matches
/// are merged back in record order.
/// </summary>
public sealed class OrPredicate(RecordPredicate[] children, SelectionScratch scratch) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var size = Math.Max(count, batch.Capacity);
        var remainingIds = scratch.Rent(size);
        var trial = scratch.Rent(size);
        var matchedIds = scratch.Rent(size);
        var merged = scratch.Rent(size);
        try
        {
            selection[..count].CopyTo(remainingIds);
            var remaining = count;
            var matched = 0;
            // Invariant: matchedIds[0, matched) and remainingIds[0, remaining) are ascending, disjoint,
            // and together are the input selection; matchedIds holds what some child so far matched.
            foreach (var child in children)
            {
                if (remaining == 0) break;
                remainingIds.AsSpan(0, remaining).CopyTo(trial);
                var hits = child.Filter(batch, block, trial, remaining);
                if (hits == 0) continue;
                matched = Union(matchedIds, matched, trial, hits, merged);
                (matchedIds, merged) = (merged, matchedIds);
                remaining = Except(remainingIds, remaining, trial, hits);
            }
            matchedIds.AsSpan(0, matched).CopyTo(selection);
            return matched;
        }
        finally
        {
            scratch.Return(4);
        }
    }

    /// <summary>Merges two ascending, disjoint index lists into <paramref name="output"/>.</summary>
    private static int Union(int[] a, int aCount, int[] b, int bCount, int[] output)
    {
        int i = 0, j = 0, n = 0;
        while (i < aCount && j < bCount) output[n++] = a[i] < b[j] ? a[i++] : b[j++];
        while (i < aCount) output[n++] = a[i++];
        while (j < bCount) output[n++] = b[j++];
        return n;
    }

    /// <summary>Removes from <paramref name="set"/> (in place) the indices in <paramref name="remove"/>, a sub-list of it.</summary>
    internal static int Except(Span<int> set, int count, ReadOnlySpan<int> remove, int removeCount)
    {
        int j = 0, n = 0;
        for (var i = 0; i < count; i++)
        {
            if (j < removeCount && set[i] == remove[j])
            {
                j++;
                continue;
            }
            set[n++] = set[i];
        }
        return n;
    }
}
