using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary><c>path == '/'</c>, <c>user &lt; 'm'</c>: a text field against a literal, bytewise; null matches nothing.</summary>
public sealed class TextComparePredicate(LogField field, TextComparison comparison, byte[] literal) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var ranges = TextColumn(batch, field);
        ReadOnlySpan<byte> lit = literal;
        var kept = 0;
        if (comparison == TextComparison.Equal)
        {
            // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k.
            // The length test rejects almost every record before the bytes are touched.
            for (var k = 0; k < count; k++)
            {
                var r = selection[k];
                var range = ranges[r];
                if (range.Length == lit.Length && block.Slice(range.Offset, range.Length).SequenceEqual(lit)) selection[kept++] = r;
            }
            return kept;
        }
        return KeepText(batch, field, block, selection, count, new Order(comparison, literal));
    }

    private readonly struct Order(TextComparison comparison, byte[] literal) : ITextTest
    {
        public bool Matches(ReadOnlySpan<byte> text)
        {
            var order = text.SequenceCompareTo(literal);
            return comparison switch
            {
                TextComparison.Less => order < 0,
                TextComparison.LessOrEqual => order <= 0,
                TextComparison.Greater => order > 0,
                _ => order >= 0,
            };
        }
    }
}
