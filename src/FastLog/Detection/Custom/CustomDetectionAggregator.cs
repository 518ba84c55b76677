using System.Buffers.Binary;
using System.Text;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats;
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
    internal readonly SymbolTable EventHits;
    internal long[] EventFirst = new long[64];
    internal long[] EventLast = new long[64];
    internal List<Evidence>?[] EventEvidence = new List<Evidence>?[64];
    internal byte[]?[] EventUrl = new byte[]?[64];
    internal byte[]?[] EventAgent = new byte[]?[64];

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
        EventHits = new SymbolTable(budget, 64);
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
            AddEventHit(_key.AsSpan(0, prefix + groupLength), weight, batch, r, block, seconds);
            return;
        }
        BinaryPrimitives.WriteInt64BigEndian(_key.AsSpan(2), AccessAggregator.FloorDiv(seconds, rule.WindowSeconds));
        if (rule.Distinct is not { } distinct)
        {
            WindowEvents.Add(_key.AsSpan(0, prefix + groupLength), weight);
            return;
        }
        // value_count: (rule, window, group length, group, value); the group is moved right to make room for its length.
        var group = _key.AsSpan(prefix, groupLength).ToArray();
        var valueAt = prefix + sizeof(int) + groupLength;
        EnsureKey(valueAt + FieldRenderer.MaxLength(distinct, batch, r));
        BinaryPrimitives.WriteInt32BigEndian(_key.AsSpan(prefix), groupLength);
        group.CopyTo(_key.AsSpan(prefix + sizeof(int)));
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

    private void AddEventHit(ReadOnlySpan<byte> key, long weight, LogBatch batch, int r, ReadOnlySpan<byte> block, long seconds)
    {
        var known = EventHits.Count;
        var id = EventHits.Add(key, weight);
        if (id < 0) return;
        EnsureEventArrays();
        if (id >= known)
        {
            EventFirst[id] = seconds;
            EventLast[id] = seconds;
        }
        else
        {
            EventFirst[id] = Math.Min(EventFirst[id], seconds);
            EventLast[id] = Math.Max(EventLast[id], seconds);
        }
        // A flood of hits for one key allocates nothing once the first lines are kept.
        if (EvidenceList.IsLate(EventEvidence[id], batch, r)) return;
        if (EvidenceList.Keep(ref EventEvidence[id], EvidenceList.Of(batch, r, block)) == 0)
        {
            // The sample URL and agent are those of the first event in input order (access logs only).
            EventUrl[id] = batch.Format.IsAccessLog() ? TargetBytes(batch, r, block) : null;
            EventAgent[id] = batch.Format.IsAccessLog() && !batch.Ua[r].IsNull ? batch.Ua[r].Slice(block).ToArray() : null;
        }
    }

    private void EnsureEventArrays()
    {
        var capacity = EventHits.IdCapacity;
        if (EventFirst.Length >= capacity) return;
        TableMerge.EnsureLength(ref EventFirst, capacity);
        TableMerge.EnsureLength(ref EventLast, capacity);
        TableMerge.EnsureLength(ref EventEvidence, capacity);
        TableMerge.EnsureLength(ref EventUrl, capacity);
        TableMerge.EnsureLength(ref EventAgent, capacity);
    }

    private static byte[]? TargetBytes(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        var path = batch.Path[r];
        if (path.IsNull) return null;
        var query = batch.Query[r];
        var end = query.IsNull ? path.Offset + path.Length : query.Offset + query.Length;
        return block[path.Offset..end].ToArray();
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (CustomDetectionAggregator)other;
        for (var e = 0; e < o.EventHits.Count; e++)
        {
            var known = EventHits.Count;
            var id = EventHits.Add(o.EventHits.KeyOf(e), o.EventHits.Counts[e]);
            if (id < 0) continue;
            EnsureEventArrays();
            if (id >= known)
            {
                EventFirst[id] = o.EventFirst[e];
                EventLast[id] = o.EventLast[e];
            }
            else
            {
                EventFirst[id] = Math.Min(EventFirst[id], o.EventFirst[e]);
                EventLast[id] = Math.Max(EventLast[id], o.EventLast[e]);
            }
            // Only the other side's first line can become the first here; its URL and agent come with it.
            foreach (var evidence in o.EventEvidence[e] ?? [])
            {
                if (EvidenceList.Keep(ref EventEvidence[id], evidence) == 0)
                {
                    EventUrl[id] = o.EventUrl[e];
                    EventAgent[id] = o.EventAgent[e];
                }
            }
        }
        WindowEvents.OtherCount += o.WindowEvents.OtherCount;
        for (var w = 0; w < o.WindowEvents.Count; w++) WindowEvents.Add(o.WindowEvents.KeyOf(w), o.WindowEvents.Counts[w]);
        WindowValues.OtherCount += o.WindowValues.OtherCount;
        for (var v = 0; v < o.WindowValues.Count; v++) WindowValues.Add(o.WindowValues.KeyOf(v), o.WindowValues.Counts[v]);
        EventHits.OtherCount += o.EventHits.OtherCount;
    }

    /// <summary>The findings, extracted once by <see cref="CustomFindings.Extract"/> after the run.</summary>
    internal List<Finding>? ExtractedFindings;

    /// <summary>True when any table went past its budget (findings may then be incomplete).</summary>
    public bool IsApproximate => EventHits.IsApproximate || WindowEvents.IsApproximate || WindowValues.IsApproximate;
}
