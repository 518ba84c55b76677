using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary><c>field == null</c>: the field is absent (<c>-</c> in the log) — text ranges marked null, or -1 in bytes and request time.</summary>
public sealed class NullPredicate(LogField field) : RecordPredicate
{
    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var kept = 0;
        switch (field)
        {
            case LogField.Bytes or LogField.RequestTime:
                var numbers = field == LogField.Bytes ? batch.Bytes : batch.RequestTimeMicros;
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
