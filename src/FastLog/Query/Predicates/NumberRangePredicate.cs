using System.Numerics;
using FastLog.Columns;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>first ≤ value ≤ last</c> on a numeric column (status, bytes, request time in
/// microseconds, timestamp in Unix seconds). Every numeric comparison compiles to one such
/// interval: <c>status &gt;= 500</c> is <c>[500, max]</c>, <c>ts == 2024-03-01</c> the day's
/// seconds. Absent values (-1 in bytes and request time) are outside every interval the
/// compiler builds for those fields, whose intervals start at 0 or above.
/// </summary>
public sealed class NumberRangePredicate : RecordPredicate
{
    private readonly LogField _field;
    private readonly long _first;
    private readonly ulong _width;

    /// <summary>Creates the test <c><paramref name="first"/> ≤ value ≤ <paramref name="last"/></c> (requires first ≤ last).</summary>
    public NumberRangePredicate(LogField field, long first, long last)
    {
        if (last < first) throw new ArgumentException("empty interval: compile it to a constant", nameof(last));
        _field = field;
        _first = first;
        _width = unchecked((ulong)(last - first));
    }

    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count) => _field switch
    {
        LogField.Status => Keep<short>(batch.Status, _first, _width, selection, count),
        _ => Keep<long>(batch.NumberColumn(_field) ?? throw new InvalidOperationException($"{_field} is not a numeric column"), _first, _width, selection, count),
    };

    private static int Keep<T>(T[] column, long first, ulong width, Span<int> selection, int count) where T : IBinaryInteger<T>
    {
        // Invariant: selection[0, kept) holds the matching records among selection[0, k); kept ≤ k,
        // so the write at `kept` never overtakes the read at `k`. Branch-free: every record is
        // written and the cursor advances only on a match (`(ulong)(v - first) <= width` is the
        // two-sided test in one unsigned comparison).
        var kept = 0;
        for (var k = 0; k < count; k++)
        {
            var r = selection[k];
            var v = long.CreateTruncating(column[r]);
            selection[kept] = r;
            kept += unchecked((ulong)(v - first)) <= width ? 1 : 0;
        }
        return kept;
    }
}
