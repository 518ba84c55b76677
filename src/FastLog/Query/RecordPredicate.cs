using FastLog.Columns;
using FastLog.Query.Predicates;

namespace FastLog.Query;

/// <summary>
/// One node of a compiled <c>--where</c> expression, evaluated a batch at a time over a
/// selection vector: the query stage's contract.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Filter"/> receives the indices of the records still in play, ascending, in
/// <c>selection[0, count)</c>, and keeps in place (order preserved) those that match,
/// returning how many. A leaf runs one tight loop over its column for the whole batch; a
/// virtual call happens once per node per batch, never per record. <c>and</c> narrows the
/// selection child by child, so later children see only the records earlier ones kept.
/// </para>
/// <para>
/// Instances are per worker (they own scratch buffers and, for regular expressions, their own
/// <see cref="System.Text.RegularExpressions.Regex"/>); <see cref="RecordFilter.CreatePredicate"/>
/// builds one tree per worker from the checked expression. Nothing allocates per batch or per
/// record once the buffers have grown to the batch capacity.
/// </para>
/// <para>
/// Null (an absent field, <c>-</c> in the log) matches no comparison or text test;
/// <c>field == null</c> tests for it, and <c>!=</c>, <c>!~</c> and <c>not in</c> are the exact
/// negations of <c>==</c>, <c>~</c> and <c>in</c>, so they match null.
/// </para>
/// </remarks>
public abstract class RecordPredicate
{
    /// <summary>
    /// Keeps the matching records among <c>selection[0, count)</c> (ascending record indices
    /// below <c>batch.Count</c>); returns the number kept, which are left ascending in
    /// <c>selection[0, kept)</c>.
    /// </summary>
    public abstract int Filter(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, int count);

    /// <summary>
    /// Keeps the records among <c>selection[0, count)</c> whose <paramref name="field"/> is not
    /// null and passes <paramref name="test"/>: the loop of every text test, generic over a struct
    /// so that the test is inlined into it.
    /// </summary>
    protected static int KeepText<TTest>(LogBatch batch, LogField field, ReadOnlySpan<byte> block, Span<int> selection, int count, TTest test)
        where TTest : struct, ITextTest
    {
        var ranges = TextColumn(batch, field);
        var kept = 0;
        // Invariant: selection[0, kept) holds the matches among selection[0, k), kept ≤ k.
        for (var k = 0; k < count; k++)
        {
            var r = selection[k];
            var range = ranges[r];
            if (!range.IsNull && test.Matches(block.Slice(range.Offset, range.Length))) selection[kept++] = r;
        }
        return kept;
    }

    /// <summary>The byte-range column of a text field.</summary>
    protected static ByteRange[] TextColumn(LogBatch batch, LogField field)
        => batch.TextColumn(field) ?? throw new ArgumentOutOfRangeException(nameof(field), field, "not a text field");
}
