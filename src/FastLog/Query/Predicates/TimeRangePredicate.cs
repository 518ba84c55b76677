using FastLog.Columns;
using FastLog.Query.Literals;

namespace FastLog.Query.Predicates;

/// <summary>
/// <c>from ≤ ts ≤ to</c> at nanosecond precision, for bounds inside a second
/// (<c>ts &gt;= 2024-03-01T11:45:00.9Z</c>): a record's instant is its Unix seconds and, when
/// its format carries a fraction, <see cref="LogBatch.Nanoseconds"/> (else it is on the whole
/// second). Bounds on whole seconds compile to a <see cref="NumberRangePredicate"/> on the
/// seconds alone (<see cref="Create"/>).
/// </summary>
public sealed class TimeRangePredicate(Instant from, Instant to) : RecordPredicate
{
    /// <summary>The test <c>from ≤ ts ≤ to</c>: a constant when empty, a seconds interval when the bounds are whole seconds.</summary>
    public static PredicateFactory Create(Instant from, Instant to)
    {
        if (to < from) return _ => new ConstantPredicate(false);
        if (from.Nanoseconds == 0 && to.Nanoseconds == Instant.NanosPerSecond - 1)
            return _ => new NumberRangePredicate(LogField.Ts, from.Seconds, to.Seconds);
        return _ => new TimeRangePredicate(from, to);
    }

    /// <inheritdoc/>
    public override int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count)
    {
        var seconds = batch.UnixSeconds;
        var nanos = batch.Nanoseconds;
        var kept = 0;
        // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k.
        for (var k = 0; k < count; k++)
        {
            var r = selection[k];
            var at = new Instant(seconds[r], nanos is null ? 0 : nanos[r]);
            if (at >= from && at <= to) selection[kept++] = r;
        }
        return kept;
    }
}
