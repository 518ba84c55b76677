using System.Buffers.Binary;
using System.Text;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;
using FastLog.Query;

namespace FastLog.Detection.Custom;

/// <summary>
/// Evaluates the rules of a <c>--rules</c> file over every batch, per worker, mergeably.
/// </summary>
/// <remarks>
/// <para>
/// Per batch and rule: the rule's compiled <c>where</c> tree narrows a selection of the batch's
/// records, then the keyword search (over the raw line) narrows it further; each record left is
/// one event of the rule. Events weigh their syslog repeat count.
/// </para>
/// <para>
/// All state is keyed by bytes, never by worker-local ids, so worker states merge exactly:
/// per-event hits by (rule, group value) with count, first/last second and the first evidence
/// lines in input order; thresholded rules by (rule, window, group value) with the event count,
/// and <c>value_count</c> rules by (rule, window, group value, distinct value), a set. Every
/// table has the run's <see cref="TableBudget"/>; past it the findings are flagged approximate.
/// </para>
/// </remarks>
public sealed class CustomDetectionAggregator : IAggregator
{
    private readonly CustomRuleSet _rules;
    private readonly RecordPredicate?[] _predicates;

    /// <summary>Per-event hits: key = rule index (2 bytes) + group value.</summary>
    internal readonly EventHitTable Events;

    /// <summary>Events per window: key = rule index (2) + bucket (8, big endian) + group value.</summary>
    internal readonly SymbolTable WindowEvents;

    /// <summary>Distinct values per window: key = rule index (2) + bucket (8) + group length (4) + group value + distinct value.</summary>
    internal readonly SymbolTable WindowValues;

    private int[] _selection = new int[LogBatch.DefaultCapacity];
    private char[] _chars = new char[4096];
    private byte[] _key = new byte[256];

    /// <summary>Creates an empty state for <paramref name="rules"/> whose tables have <paramref name="budget"/> each.</summary>
    public CustomDetectionAggregator(CustomRuleSet rules, TableBudget budget)
    {
        _rules = rules;
        // One predicate tree per worker: trees own scratch buffers.
        _predicates = [.. rules.Rules.Select(r => r.Where?.CreatePredicate())];
        Events = new EventHitTable(budget);
        WindowEvents = new SymbolTable(budget, 64);
        WindowValues = new SymbolTable(budget, 64);
    }

    /// <summary>The rules evaluated.</summary>
    public CustomRuleSet Rules => _rules;

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var n = batch.Count;
        if (n == 0) return;
        if (_selection.Length < n) _selection = new int[batch.Capacity];
        for (var i = 0; i < _rules.Rules.Count; i++)
        {
            var rule = _rules.Rules[i];
            if (!rule.Reads(batch.Format)) continue;
            var selection = _selection.AsSpan(0, n);
            for (var r = 0; r < n; r++) selection[r] = r;
            var kept = n;
            if (_predicates[i] is { } predicate) kept = predicate.Filter(batch, block, selection, kept);
            if (rule.Keywords is { } keywords) kept = KeepKeywordLines(batch, block, selection[..kept], keywords);
            // Invariant: selection[0, kept) holds ascending indices of this batch's records that match the rule.
            for (var k = 0; k < kept; k++) AddEvent(i, rule, batch, selection[k], block);
        }
    }

    /// <summary>Keeps, in place and in order, the records whose raw line contains a keyword; returns how many.</summary>
    private int KeepKeywordLines(LogBatch batch, ReadOnlySpan<byte> block, Span<int> selection, System.Buffers.SearchValues<string> keywords)
    {
        var kept = 0;
        // Invariant: selection[0, kept) are the matching records among selection[0, k).
        for (var k = 0; k < selection.Length; k++)
        {
            var line = batch.Line[selection[k]].Slice(block);
            if (_chars.Length < line.Length) _chars = new char[Math.Max(line.Length, _chars.Length * 2)];
            var chars = _chars.AsSpan(0, Encoding.Latin1.GetChars(line, _chars));
            if (chars.IndexOfAny(keywords) >= 0) selection[kept++] = selection[k];
        }
        return kept;
    }

    private void AddEvent(int ruleIndex, CustomRule rule, LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        var weight = batch.Repeats is { } repeats ? Math.Max(1, repeats[r]) : 1;
        var seconds = batch.UnixSeconds[r];
        var prefix = rule.IsThresholded ? 2 + sizeof(long) : 2;
        var groupLength = Render(rule.GroupBy, batch, r, block, prefix);
        BinaryPrimitives.WriteUInt16BigEndian(_key, (ushort)ruleIndex);
        if (!rule.IsThresholded)
        {
            Events.Add(_key.AsSpan(0, prefix + groupLength), weight, batch, r, block);
            return;
        }
        BinaryPrimitives.WriteInt64BigEndian(_key.AsSpan(2), AccessAggregator.FloorDiv(seconds, rule.WindowSeconds));
        if (rule.Distinct is not { } distinct)
        {
            WindowEvents.Add(_key.AsSpan(0, prefix + groupLength), weight);
            return;
        }
        // value_count: (rule, window, group length, group, value); the group is moved right, in
        // place (CopyTo handles the overlap), to make room for its length.
        var valueAt = prefix + sizeof(int) + groupLength;
        EnsureKey(valueAt + FieldRenderer.MaxLength(distinct, batch, r));
        _key.AsSpan(prefix, groupLength).CopyTo(_key.AsSpan(prefix + sizeof(int)));
        BinaryPrimitives.WriteInt32BigEndian(_key.AsSpan(prefix), groupLength);
        var valueLength = FieldRenderer.Write(distinct, batch, r, block, _key.AsSpan(valueAt));
        WindowValues.Add(_key.AsSpan(0, valueAt + valueLength));
    }

    /// <summary>Writes the rendered <paramref name="field"/> of record <paramref name="r"/> at <paramref name="at"/> in the key scratch; returns its length.</summary>
    private int Render(LogField field, LogBatch batch, int r, ReadOnlySpan<byte> block, int at)
    {
        EnsureKey(at + FieldRenderer.MaxLength(field, batch, r));
        return FieldRenderer.Write(field, batch, r, block, _key.AsSpan(at));
    }

    private void EnsureKey(int length)
    {
        if (_key.Length >= length) return;
        var grown = new byte[Math.Max(length, _key.Length * 2)]; // deliberate: grows to the longest key
        _key.CopyTo(grown, 0);
        _key = grown;
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (CustomDetectionAggregator)other;
        Events.Merge(o.Events);
        WindowEvents.OtherCount += o.WindowEvents.OtherCount;
        for (var w = 0; w < o.WindowEvents.Count; w++) WindowEvents.Add(o.WindowEvents.KeyOf(w), o.WindowEvents.Counts[w]);
        WindowValues.OtherCount += o.WindowValues.OtherCount;
        for (var v = 0; v < o.WindowValues.Count; v++) WindowValues.Add(o.WindowValues.KeyOf(v), o.WindowValues.Counts[v]);
    }

    /// <summary>Writes the per-event hits and the window tables (all keyed by bytes, written in bytewise order).</summary>
    internal void WriteState(PartialWriter writer)
    {
        Events.WriteState(writer);
        WindowEvents.WriteState(writer);
        WindowValues.WriteState(writer);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty state.</summary>
    internal void ReadState(PartialReader reader)
    {
        Events.ReadState(reader);
        WindowEvents.ReadState(reader);
        WindowValues.ReadState(reader);
    }

    /// <summary>The findings, extracted once by <see cref="CustomFindings.Extract"/> after the run.</summary>
    internal List<Finding>? ExtractedFindings;

    /// <summary>True when any table went past its budget (findings may then be incomplete).</summary>
    public bool IsApproximate => Events.IsApproximate || WindowEvents.IsApproximate || WindowValues.IsApproximate;
}
