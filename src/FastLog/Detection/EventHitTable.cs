using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Partials;

namespace FastLog.Detection;

/// <summary>
/// Hits of per-event rules, per key (a rule and its subject, as bytes the family builds): weighted
/// count, first and last second, the first evidence lines in input order and, for access logs,
/// the request target and user agent of the first of them. One per worker; worker tables merge by
/// key bytes, so the result does not depend on how the input was split. Used by every rule family
/// (web, auth, CloudTrail, custom rules).
/// </summary>
internal sealed class EventHitTable
{
    private readonly SymbolTable _hits;
    private long[] _first = new long[64];
    private long[] _last = new long[64];
    private List<Evidence>?[] _evidence = new List<Evidence>?[64];
    private byte[]?[] _url = new byte[]?[64];
    private byte[]?[] _agent = new byte[]?[64];
    private byte[] _key = new byte[256];

    /// <summary>Creates an empty table within <paramref name="budget"/>.</summary>
    public EventHitTable(TableBudget budget) => _hits = new SymbolTable(budget, 64);

    /// <summary>Distinct keys.</summary>
    public int Count => _hits.Count;

    /// <summary>True when the budget refused a key.</summary>
    public bool IsApproximate => _hits.IsApproximate;

    /// <summary>The key of <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> KeyOf(int id) => _hits.KeyOf(id);

    /// <summary>The finding of <paramref name="id"/> for <paramref name="rule"/> and <paramref name="source"/> (host, user and group are the caller's).</summary>
    public Finding FindingOf(int id, DetectionRule rule, byte[] source) =>
        new(rule, source, _hits.Counts[id], 0, _first[id], _last[id], _agent[id], _url[id], _evidence[id] ?? []);

    /// <summary>Counts record <paramref name="r"/> (standing for <paramref name="weight"/> occurrences) as a hit of <paramref name="key"/>.</summary>
    public void Add(ReadOnlySpan<byte> key, long weight, LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        var known = _hits.Count;
        var id = _hits.Add(key, weight);
        if (id < 0) return;
        Grow();
        var seconds = batch.UnixSeconds[r];
        _first[id] = id >= known ? seconds : Math.Min(_first[id], seconds);
        _last[id] = id >= known ? seconds : Math.Max(_last[id], seconds);
        // A flood of hits for one key allocates nothing once the first lines are kept.
        if (EvidenceList.IsLate(_evidence[id], batch, r)) return;
        if (EvidenceList.Keep(ref _evidence[id], EvidenceList.Of(batch, r, block)) == 0 && batch.Format.IsAccessLog())
        {
            // The sample URL and agent are those of the first event in input order.
            _url[id] = RequestTarget.ToArray(batch.Path[r], batch.Query[r], block);
            _agent[id] = batch.Agent[r].IsNull ? null : batch.Agent[r].Slice(block).ToArray();
        }
    }

    /// <summary>Counts record <paramref name="r"/> as a hit of rule <paramref name="ruleIndex"/> for (host, source address, user).</summary>
    public void Add(int ruleIndex, LogBatch batch, int r, ReadOnlySpan<byte> block, ByteRange host, ByteRange ip, ByteRange user, long weight)
    {
        _key[0] = (byte)ruleIndex;
        var length = 1;
        SubjectKey.Append(ref _key, ref length, host, block);
        SubjectKey.Append(ref _key, ref length, ip, block);
        SubjectKey.Append(ref _key, ref length, user, block);
        Add(_key.AsSpan(0, length), weight, batch, r, block);
    }

    private void Grow()
    {
        var capacity = _hits.IdCapacity;
        if (_first.Length >= capacity) return;
        TableMerge.EnsureLength(ref _first, capacity);
        TableMerge.EnsureLength(ref _last, capacity);
        TableMerge.EnsureLength(ref _evidence, capacity);
        TableMerge.EnsureLength(ref _url, capacity);
        TableMerge.EnsureLength(ref _agent, capacity);
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
            // Only the other side's first line can become the first here; its URL and agent come with it.
            foreach (var evidence in other._evidence[e] ?? [])
            {
                if (EvidenceList.Keep(ref _evidence[id], evidence) != 0) continue;
                _url[id] = other._url[e];
                _agent[id] = other._agent[e];
            }
        }
        _hits.OtherCount += other._hits.OtherCount;
    }

    /// <summary>The findings of keys added as (rule, host, source address, user), with <paramref name="rules"/> indexed as the hits were added.</summary>
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
            findings.Add(FindingOf(id, rules[key[0]], ip ?? []) with { Host = host, User = user });
        }
        return findings;
    }

    /// <summary>Writes every key (in bytewise order: ids follow arrival order) with its count, span, evidence, URL and agent, then the refused count.</summary>
    public void WriteState(PartialWriter writer)
    {
        var order = new int[_hits.Count];
        for (var id = 0; id < order.Length; id++) order[id] = id;
        Array.Sort(order, (a, b) => _hits.KeyOf(a).SequenceCompareTo(_hits.KeyOf(b)));
        writer.WriteUInt((ulong)order.Length);
        foreach (var id in order)
        {
            writer.WriteBytes(_hits.KeyOf(id));
            writer.WriteInt(_hits.Counts[id]);
            writer.WriteInt(_first[id]);
            writer.WriteInt(_last[id]);
            StateCodec.WriteEvidence(writer, _evidence[id]);
            StateCodec.WriteNullable(writer, _url[id]);
            StateCodec.WriteNullable(writer, _agent[id]);
        }
        writer.WriteInt(_hits.OtherCount);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty table.</summary>
    public void ReadState(PartialReader reader)
    {
        var n = reader.ReadCount(reader.Remaining);
        // Invariant: keys [0, i) are read into ids [0, i).
        for (var i = 0; i < n; i++)
        {
            var id = _hits.Add(reader.ReadBytes(), reader.ReadInt());
            if (id != i) throw new InvalidDataException("corrupt partial: a hit table holds a key twice or more keys than its budget");
            Grow();
            _first[id] = reader.ReadInt();
            _last[id] = reader.ReadInt();
            _evidence[id] = StateCodec.ReadEvidence(reader);
            _url[id] = StateCodec.ReadNullable(reader);
            _agent[id] = StateCodec.ReadNullable(reader);
        }
        _hits.OtherCount = reader.ReadInt();
    }
}
