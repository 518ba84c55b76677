using FastLog.Columns;
using FastLog.Query.Literals;

namespace FastLog.Query.Predicates;

/// <summary><c>method in [GET, HEAD]</c>, <c>path in @paths.txt</c>: exact membership of the field's bytes; null matches nothing.</summary>
public sealed class TextSetPredicate(LogField field, ByteStringSet values) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var ranges = TextColumn(batch, field);
        var kept = 0;
        // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k.
        for (var k = 0; k < count; k++)
        {
            var r = selection[k];
            var range = ranges[r];
            if (!range.IsNull && values.Contains(block.Slice(range.Offset, range.Length))) selection[kept++] = r;
        }
        return kept;
    }
}
