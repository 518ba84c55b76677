using System.Text;
using FastLog.Aggregation.Tables;
using FastLog.Columns;

namespace FastLog.Detection.Web;

// The per-event rules of the web detection: keyword rules behind their prefilter, and W12.
public sealed partial class WebDetectionAggregator
{
    /// <summary>
    /// The per-event rules: keyword rules for records whose path, query, agent or referer may
    /// hold a keyword (rare), W12 for records with a non-standard method or protocol or an
    /// oversized target. A pass of its own, apart from the per-client counting: each loop keeps
    /// its few values in registers.
    /// </summary>
    private void MatchEventRules(LogBatch batch, ReadOnlySpan<byte> block, int n)
    {
        // Invariant: r < n; every range in the batch lies within block; the path verdict of record
        // r + PrefetchDistance is being fetched (paths are many; their bits miss the cache).
        for (var r = 0; r < n; r++)
        {
            if (r + SymbolTable.PrefetchDistance < n)
            {
                var ahead = r + SymbolTable.PrefetchDistance;
                if (_pathIds[ahead] >= 0) _pathVerdicts.Prefetch(_pathIds[ahead]);
            }
            if (_ipIds[r] < 0) continue; // over budget: the tables say approximate
            if (MayMatch(batch, r, block))
            {
                var line = batch.Line[r].Slice(block);
                if (_chars.Length < line.Length) _chars = new char[Math.Max(line.Length, _chars.Length * 2)];
                MatchKeywordRules(batch, r, block, _chars.AsSpan(0, Encoding.Latin1.GetChars(line, _chars)), _ipIds[r], batch.Status[r]);
            }
            if (IsProtocolViolation(batch, r, block)) AddEventHit(WebRules.ProtocolViolation, batch, r, block, _ipIds[r]);
        }
    }

    /// <summary>
    /// W9–W11b: counts per client, per (client, minute), per (client, agent) and per (client,
    /// 5-minute bucket); suspect continuations (<see cref="LogBatch.SuspectContinuation"/>) are not counted.
    /// </summary>
    /// <summary>
    /// Whether any keyword rule can match record <paramref name="r"/>: the verdicts of its path,
    /// agent and referer are judged once per distinct value, those of queries kept in a cache
    /// (<see cref="VerdictCache"/>).
    /// </summary>
    private bool MayMatch(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        if (Verdict(_pathVerdicts, _pathIds[r], batch.Path[r], block)) return true;
        if (!batch.Query[r].IsNull && QueryMayMatch(batch.Query[r].Slice(block))) return true;
        return Verdict(_agentVerdicts, _agentIds[r], batch.Agent[r], block) || Verdict(_refererVerdicts, _refererIds[r], batch.Referer[r], block);
    }

    private bool QueryMayMatch(ReadOnlySpan<byte> query)
    {
        if (_queryVerdicts.TryGet(query, out var verdict)) return verdict;
        verdict = SearchTarget(query);
        _queryVerdicts.Set(query, verdict);
        return verdict;
    }

    // The anchors of WebRules.TargetPrefilter and HeaderPrefilter, searched on raw bytes: the same
    // verdicts (KeywordPrefilterTests) at under 1 ns a byte, where SearchValues over the widened
    // value took 0.3–0.7 µs a value (bench/results/AMD-EPYC/KeywordPrefilterBench.md) — with this
    // many three-character anchors its Teddy buckets flag most positions.
    private static readonly KeywordPrefilter s_targetPrefilter = new(WebRules.TargetAnchors);
    private static readonly KeywordPrefilter s_headerPrefilter = new(WebRules.HeaderAnchors);

    /// <summary>A field's verdict: its id's, or for a value its table refused (over budget), judged now.</summary>
    private static bool Verdict(IdVerdicts verdicts, int id, ByteRange field, ReadOnlySpan<byte> block) =>
        !field.IsNull && (id >= 0 ? verdicts[id] : verdicts.Judge(field.Slice(block)));

    private static bool SearchTarget(ReadOnlySpan<byte> value) => s_targetPrefilter.MayContainAny(value);

    private static bool SearchHeader(ReadOnlySpan<byte> value) => s_headerPrefilter.MayContainAny(value);

    private void MatchKeywordRules(LogBatch batch, int r, ReadOnlySpan<byte> block, ReadOnlySpan<char> line, int ipId, int status)
    {
        var isGet = batch.Method[r].Slice(block).SequenceEqual(s_get) && !batch.Method[r].IsNull;
        var notFound = status == 404;
        var target = TargetChars(batch, r, line, block, ref _targetChars);
        var ua = FieldChars(batch.Agent[r], batch.Line[r], line, block, ref _uaChars);
        var referer = FieldChars(batch.Referer[r], batch.Line[r], line, block, ref _refererChars);
        if (isGet && !notFound && target.IndexOfAny(WebRules.Sql) >= 0) AddEventHit(WebRules.SqlInjection, batch, r, block, ipId);
        if (target.IndexOfAny(WebRules.Traversal) >= 0) AddEventHit(WebRules.PathTraversal, batch, r, block, ipId);
        if (isGet && !notFound && target.IndexOfAny(WebRules.Xss) >= 0) AddEventHit(WebRules.CrossSiteScripting, batch, r, block, ipId);
        if (isGet && !notFound && target.IndexOfAny(WebRules.Template) >= 0) AddEventHit(WebRules.TemplateInjection, batch, r, block, ipId);
        if (target.IndexOfAny(WebRules.Java) >= 0 || ua.IndexOfAny(WebRules.Java) >= 0 || referer.IndexOfAny(WebRules.Java) >= 0)
            AddEventHit(WebRules.JavaPayload, batch, r, block, ipId);
        if (isGet && target.IndexOfAny(WebRules.Shell) >= 0) AddEventHit(WebRules.Webshell, batch, r, block, ipId);
        if (ua.IndexOfAny(WebRules.ReconAgents) >= 0) AddEventHit(WebRules.ReconUserAgent, batch, r, block, ipId);
        if (target.IndexOfAny(WebRules.SourceFiles) >= 0) AddEventHit(WebRules.SourceEnumeration, batch, r, block, ipId);
    }

    /// <summary>
    /// The request target (<c>path?query</c>): within the widened line when the log wrote it as
    /// one target, else joined from the two values (W3C, jsonl, Parquet), so the bytes between
    /// them (other fields) are never matched as part of the URL.
    /// </summary>
    private static ReadOnlySpan<char> TargetChars(LogBatch batch, int r, ReadOnlySpan<char> line, ReadOnlySpan<byte> block, ref char[] own)
    {
        var path = batch.Path[r];
        if (path.IsNull) return default;
        var query = batch.Query[r];
        var length = RequestTarget.Length(path, query);
        if (RequestTarget.IsOneRange(path, query, block))
            return FieldChars(new ByteRange(path.Offset, length), batch.Line[r], line, block, ref own);
        if (own.Length < length) own = new char[Math.Max(length, own.Length * 2)];
        var n = Encoding.Latin1.GetChars(path.Slice(block), own);
        own[n++] = '?';
        n += Encoding.Latin1.GetChars(query.Slice(block), own.AsSpan(n));
        return own.AsSpan(0, n);
    }

    /// <summary>
    /// A field's chars: a slice of the widened line when the field lies in it (CLF), else the
    /// field widened on its own — parsers that decode values (W3C's <c>+</c> for a space) keep
    /// them in their buffer after the line.
    /// </summary>
    private static ReadOnlySpan<char> FieldChars(ByteRange field, ByteRange lineRange, ReadOnlySpan<char> line, ReadOnlySpan<byte> block, ref char[] own)
    {
        if (field.IsNull) return default;
        if (field.Offset >= lineRange.Offset && field.Offset + field.Length <= lineRange.Offset + lineRange.Length)
            return line.Slice(field.Offset - lineRange.Offset, field.Length);
        if (own.Length < field.Length) own = new char[Math.Max(field.Length, own.Length * 2)];
        return own.AsSpan(0, Encoding.Latin1.GetChars(field.Slice(block), own));
    }

    private bool IsProtocolViolation(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        if (batch.Method[r].IsNull) return false; // "-" or an unparsed request: nothing to judge
        var target = batch.Path[r].Length + (batch.Query[r].IsNull ? 0 : batch.Query[r].Length + 1);
        if (target > Options.MaxTargetBytes) return true;
        return Verdict(_oddMethods, _methodIds[r], batch.Method[r], block) || Verdict(_oddProtocols, _protocolIds[r], batch.Protocol[r], block);
    }

    // The standard methods and protocols, as bytes (judged once per distinct value, see IdVerdicts).
    private static readonly byte[][] s_standardMethods = Array.ConvertAll(WebRules.StandardMethods, Encoding.ASCII.GetBytes);
    private static readonly byte[][] s_standardProtocols = Array.ConvertAll(WebRules.StandardProtocols, Encoding.ASCII.GetBytes);

    private static bool IsOneOf(ReadOnlySpan<byte> value, byte[][] names)
    {
        foreach (var name in names)
            if (value.SequenceEqual(name)) return true;
        return false;
    }

    private void AddEventHit(DetectionRule rule, LogBatch batch, int r, ReadOnlySpan<byte> block, int ipId)
    {
        var ip = Ips.KeyOf(ipId);
        if (_keyScratch.Length < ip.Length + 1) _keyScratch = new byte[ip.Length + 1];
        _keyScratch[0] = (byte)RuleIndex(rule);
        ip.CopyTo(_keyScratch.AsSpan(1));
        Events.Add(_keyScratch.AsSpan(0, ip.Length + 1), 1, batch, r, block);
    }

    internal static int RuleIndex(DetectionRule rule) => DetectionRule.IndexIn(WebRules.All, rule);
}
