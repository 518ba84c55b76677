using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Detection;

/// <summary>
/// Hits of the per-event rules of one family, per (rule, host, source address, user): weighted
/// count, first and last second, and the first evidence lines in input order. One per worker;
/// worker tables merge by key bytes, so the result does not depend on how the input was split.
/// </summary>
internal sealed class EventHitTable
{
    private readonly SymbolTable _hits;
    private long[] _first = new long[64];
    private long[] _last = new long[64];
    private List<Evidence>?[] _evidence = new List<Evidence>?[64];
    private byte[] _key = new byte[256];

    /// <summary>Creates an empty table within <paramref name="budget"/>.</summary>
    public EventHitTable(TableBudget budget) => _hits = new SymbolTable(budget, 64);

    /// <summary>Distinct (rule, subject) keys.</summary>
    public int Count => _hits.Count;

    /// <summary>True when the budget refused a key.</summary>
    public bool IsApproximate => _hits.IsApproximate;

    /// <summary>Counts record <paramref name="r"/> (standing for <paramref name="weight"/> occurrences) as a hit of rule <paramref name="ruleIndex"/>.</summary>
    public void Add(int ruleIndex, LogBatch batch, int r, ReadOnlySpan<byte> block, ByteRange host, ByteRange ip, ByteRange user, long weight)
    {
        _key[0] = (byte)ruleIndex;
        var length = 1;
        SubjectKey.Append(ref _key, ref length, host, block);
        SubjectKey.Append(ref _key, ref length, ip, block);
        SubjectKey.Append(ref _key, ref length, user, block);
        var known = _hits.Count;
        var id = _hits.Add(_key.AsSpan(0, length), weight);
        if (id < 0) return;
        Grow();
        var seconds = batch.UnixSeconds[r];
        _first[id] = id >= known ? seconds : Math.Min(_first[id], seconds);
        _last[id] = id >= known ? seconds : Math.Max(_last[id], seconds);
        EvidenceList.Keep(ref _evidence[id], batch, r, block);
    }

    private void Grow()
    {
        var capacity = _hits.IdCapacity;
        TableMerge.EnsureLength(ref _first, capacity);
        TableMerge.EnsureLength(ref _last, capacity);
        TableMerge.EnsureLength(ref _evidence, capacity);
    }

    /// <summary>Adds the hits of <paramref name="other"/>.</summary>
    public void Merge(EventHitTable other)
    {
        for (var e = 0; e < other._hits.Count; e++)
        {
            var known = _hits.Count;
            var id = _hits.Add(other._hits.KeyOf(e), other._hits.Counts[e]);
            if (id < 0) continue;
            Grow();
            _first[id] = id >= known ? other._first[e] : Math.Min(_first[id], other._first[e]);
            _last[id] = id >= known ? other._last[e] : Math.Max(_last[id], other._last[e]);
            foreach (var evidence in other._evidence[e] ?? []) EvidenceList.Keep(ref _evidence[id], evidence);
        }
        _hits.OtherCount += other._hits.OtherCount;
    }

    /// <summary>The findings of every key, with <paramref name="rules"/> indexed as the hits were added.</summary>
    public List<Finding> Findings(IReadOnlyList<DetectionRule> rules)
    {
        var findings = new List<Finding>(_hits.Count);
        for (var id = 0; id < _hits.Count; id++)
        {
            var key = _hits.KeyOf(id);
            var position = 1;
            var host = SubjectKey.Read(key, ref position);
            var ip = SubjectKey.Read(key, ref position);
            var user = SubjectKey.Read(key, ref position);
            findings.Add(new Finding(rules[key[0]], ip ?? [], _hits.Counts[id], 0, _first[id], _last[id], null, null, _evidence[id] ?? [])
            {
                Host = host,
                User = user,
            });
        }
        return findings;
    }
}
