using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>a or b or …</c>: each child sees only the records no earlier child matched; the matches
/// are merged back in record order.
/// </summary>
public sealed class OrPredicate(RecordPredicate[] children) : RecordPredicate
{
    private int[] _remaining = [];
    private int[] _trial = [];
    private int[] _matched = [];
    private int[] _merged = [];

    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        if (_remaining.Length < count)
        {
            var size = Math.Max(count, batch.Capacity); // deliberate: grows once per worker
            _remaining = new int[size];
            _trial = new int[size];
            _matched = new int[size];
            _merged = new int[size];
        }
        selection[..count].CopyTo(_remaining);
        var remaining = count;
        var matched = 0;
        // Invariant: _matched[0, matched) and _remaining[0, remaining) are ascending, disjoint,
        // and together are the input selection; _matched holds what some child so far matched.
        foreach (var child in children)
        {
            if (remaining == 0) break;
            _remaining.AsSpan(0, remaining).CopyTo(_trial);
            var hits = child.Filter(batch, block, _trial, remaining);
            if (hits == 0) continue;
            matched = Union(_matched, matched, _trial, hits, _merged);
            (_matched, _merged) = (_merged, _matched);
            remaining = Except(_remaining, remaining, _trial, hits);
        }
        _matched.AsSpan(0, matched).CopyTo(selection);
        return matched;
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
