using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary><c>field == null</c>: the field is absent (<c>-</c> in the log) — text ranges marked null, or a negative number (-1 in bytes and request time, <see cref="LogBatch.NullNumber"/> elsewhere).</summary>
public sealed class NullPredicate(LogField field) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var kept = 0;
        switch (field)
        {
            case var _ when batch.NumberColumn(field) is { } numbers:
                // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k.
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    selection[kept] = r;
                    kept += numbers[r] < 0 ? 1 : 0;
                }
                return kept;
            default:
                var ranges = TextColumn(batch, field);
                // Invariant: as above.
                for (var k = 0; k < count; k++)
                {
                    var r = selection[k];
                    selection[kept] = r;
                    kept += ranges[r].IsNull ? 1 : 0;
                }
                return kept;
        }
    }
}
