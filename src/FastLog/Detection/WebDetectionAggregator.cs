using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Scanning;
using FastLog.Detection.Rules;

namespace FastLog.Detection;

/// <summary>
/// Evaluates the web rules W1–W12 over access-log batches, per worker, mergeably.
/// </summary>
/// <remarks>
/// <para>
/// Per-event rules: each line is widened once to chars; a prefilter searches the request target
/// and the user agent and referer for every keyword (<see cref="WebRules.TargetPrefilter"/>,
/// <see cref="WebRules.HeaderPrefilter"/>); only lines with a hit (rare) are tested rule by rule.
/// Keywords are matched in the fields where the attack lives: the request target for W1–W4,
/// W6 and W8 (Sigma matches the whole line, where a referer naming a page such as
/// <c>/blog/order-by-date</c> would fire them), the target and both headers for W5 (JNDI
/// payloads come in user agents), the user agent for W7. Hits are kept per (rule, client) with their count, time span and first evidence
/// lines. The client is the log's first field, written by the server: text in the request or the
/// user agent can never name the offender (hostile-inputs.md R3).
/// </para>
/// <para>
/// Thresholded rules count exactly in fixed buckets (Splunk <c>bucket span</c>, Elastic
/// <c>date_trunc</c>): per (client, 5-minute bucket) the 401/403 and 4xx/5xx responses and the
/// distinct 404 paths; per (client, minute) the requests; per (client, agent) the requests and
/// their time span. Worker states hold worker-local ids and merge by key bytes, so the findings
/// do not depend on how the input was split.
/// </para>
/// </remarks>
public sealed class WebDetectionAggregator : IAggregator
{
    /// <summary>Bits of a client, agent, path or window id in the packed keys of the bucket tables.</summary>
    internal const int IdBits = 22;
    private static readonly byte[] s_get = "GET"u8.ToArray();

    private readonly TableBudget _budget;

    /// <summary>Clients (all records).</summary>
    internal readonly SymbolTable Ips;
    /// <summary>User agents (all records).</summary>
    internal readonly SymbolTable Agents;
    /// <summary>Paths (all records), so a path's keyword verdict is computed once.</summary>
    internal readonly SymbolTable Paths;
    /// <summary>Referers (all records), so a referer's keyword verdict is computed once.</summary>
    internal readonly SymbolTable Referers;
    /// <summary>Paths answered 404.</summary>
    internal readonly SymbolTable NotFoundPaths;
    /// <summary>(client id, 5-minute bucket) windows that saw an error response, keyed by <see cref="BucketKey"/>.</summary>
    internal readonly LongKeyTable Windows;
    /// <summary>401/403 per window id.</summary>
    internal long[] WindowAuthFailures = new long[256];
    /// <summary>4xx/5xx per window id (the table's own counts).</summary>
    internal readonly LongHashSet WindowNotFoundPaths;
    /// <summary>(client id, minute) request counts (those that can matter, once <see cref="Complete"/> ran).</summary>
    internal LongKeyTable Minutes => _minutes.Exact;
    private readonly ClientMinuteRuns _minutes;
    // The segment (input, chunk) the last batch came from: a new one closes the open minute runs.
    private int _segmentInput = -1;
    private int _segmentChunk = -1;
    /// <summary>(client id, agent id) request counts.</summary>
    internal readonly LongKeyTable ClientAgents;
    /// <summary>First and last second per (client, agent) id.</summary>
    internal long[] ClientAgentFirst = new long[256];
    internal long[] ClientAgentLast = new long[256];
    /// <summary>Per-event hits keyed by rule index byte + client bytes.</summary>
    internal readonly SymbolTable EventHits;
    internal long[] EventFirst = new long[64];
    internal long[] EventLast = new long[64];
    internal List<Evidence>?[] EventEvidence = new List<Evidence>?[64];
    internal byte[]?[] EventUrl = new byte[]?[64];
    internal byte[]?[] EventAgent = new byte[]?[64];

    private int[] _ipIds = new int[LogBatch.DefaultCapacity];
    private int[] _agentIds = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];
    private int[] _pathIds = new int[LogBatch.DefaultCapacity];
    private int[] _refererIds = new int[LogBatch.DefaultCapacity];
    // Keyword prefilter verdicts per distinct value (0 = not computed, 1 = clean, 2 = may match):
    // paths, agents and referers repeat, so each distinct value is searched once.
    private byte[] _pathVerdicts = new byte[1024];
    private byte[] _agentVerdicts = new byte[1024];
    private byte[] _refererVerdicts = new byte[1024];
    // Queries repeat too (pagination, search terms), but a log can hold millions of distinct ones:
    // their verdicts are cached for the first 2^16 distinct queries (4 MiB of key bytes); past
    // that a query is searched each time. A cache only: it never changes a result.
    private readonly SymbolTable _queries = new(new TableBudget(1 << 16, 4L << 20));
    private byte[] _queryVerdicts = new byte[1024];
    private char[] _chars = new char[4096];
    private char[] _targetChars = [];
    private char[] _uaChars = [];
    private char[] _refererChars = [];
    private byte[] _keyScratch = new byte[256];
    // Per client: its current (client, agent) pair, whose requests and time span are added to
    // the pair's totals when the client changes agent (or at merge and the end), and its last
    // error window. A client mostly keeps its agent, and its errors come in bursts: most records
    // then touch this one entry instead of the pair and window tables.
    private ClientState[] _clientStates = new ClientState[1024];

    private struct ClientState
    {
        public long PairKey;   // the current (client, agent) key + 1; 0 = none
        public long Pending;   // requests of that pair not yet in ClientAgents.Counts
        public long First;     // their first and last second
        public long Last;
        public long WindowKey; // the last (client, 5-minute bucket) key + 1; 0 = none
        public int Pair;       // the current pair's id
        public int Window;     // the last window's id
    }

    // In analyze --detect: the traffic aggregate whose client, agent, path and referer tables
    // (and per-batch ids) these rules reuse instead of looking every record up a second time.
    private readonly AccessAggregator? _access;

    /// <summary>Creates an empty state whose tables have <paramref name="budget"/> each, with <paramref name="options"/> (default: the public thresholds).</summary>
    public WebDetectionAggregator(TableBudget budget, WebRuleOptions? options = null) : this(budget, null, options)
    {
    }

    /// <summary>The thresholds and windows in effect.</summary>
    public WebRuleOptions Options { get; }

    /// <summary>
    /// Creates an empty state; with <paramref name="access"/>, its client, agent, path and
    /// referer tables are <paramref name="access"/>'s: it must consume each access-log batch
    /// first, and merge first (its id maps are reused).
    /// </summary>
    internal WebDetectionAggregator(TableBudget budget, AccessAggregator? access, WebRuleOptions? options = null)
    {
        Options = options ?? WebRuleOptions.Default;
        _budget = budget with { MaxKeys = Math.Min(budget.MaxKeys, (1 << IdBits) - 2) };
        _access = access;
        // The traffic tables' client and agent budgets are capped at the same 2^22 - 2 keys, so
        // ids fit the packed keys; paths and referers only index the verdict caches.
        Ips = access?.Ips ?? new SymbolTable(_budget);
        Agents = access?.Uas ?? new SymbolTable(_budget);
        Paths = access?.Paths ?? new SymbolTable(_budget);
        Referers = access?.Referers ?? new SymbolTable(_budget);
        NotFoundPaths = new SymbolTable(_budget);
        Windows = new LongKeyTable(_budget.MaxKeys);
        WindowNotFoundPaths = new LongHashSet(_budget.MaxKeys);
        _minutes = new ClientMinuteRuns(_budget.MaxKeys, Options.RateWindowSeconds, Options.RateRequests);
        ClientAgents = new LongKeyTable(_budget.MaxKeys);
        EventHits = new SymbolTable(_budget, 64);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (!batch.Format.IsAccessLog()) return; // the web rules read HTTP fields
        var n = batch.Count;
        if (_access is not null)
        {
            if (!ReferenceEquals(_access.LastBatch, batch)) throw new InvalidOperationException("the traffic aggregate must consume the batch first");
            _ipIds = _access.BatchIpIds;
            _agentIds = _access.BatchUaIds;
            _pathIds = _access.BatchPathIds;
            _refererIds = _access.BatchRefererIds;
        }
        else
        {
            if (_ipIds.Length < n)
            {
                _ipIds = new int[batch.Capacity];
                _agentIds = new int[batch.Capacity];
                _hashes = new ulong[batch.Capacity];
                _pathIds = new int[batch.Capacity];
                _refererIds = new int[batch.Capacity];
            }
            Ips.AddColumn(batch.Ip, block, n, _ipIds, _hashes);
            Agents.AddColumn(batch.Ua, block, n, _agentIds, _hashes);
            Paths.AddColumn(batch.Path, block, n, _pathIds, _hashes);
            Referers.AddColumn(batch.Referer, block, n, _refererIds, _hashes);
        }
        TableMerge.EnsureLength(ref _pathVerdicts, Paths.IdCapacity);
        TableMerge.EnsureLength(ref _agentVerdicts, Agents.IdCapacity);
        TableMerge.EnsureLength(ref _refererVerdicts, Referers.IdCapacity);
        _minutes.EnsureClients(Ips.IdCapacity);
        if (batch.Origin.InputIndex != _segmentInput || batch.Origin.ChunkIndex != _segmentChunk)
        {
            _minutes.EndSegment();
            (_segmentInput, _segmentChunk) = (batch.Origin.InputIndex, batch.Origin.ChunkIndex);
        }
        TableMerge.EnsureLength(ref _clientStates, Ips.IdCapacity);
        var clientStates = _clientStates;
        // Invariant: r < n; every range in the batch lies within block; the per-client entries
        // of record r + PrefetchDistance are being fetched.
        for (var r = 0; r < n; r++)
        {
            if (r + SymbolTable.PrefetchDistance < n && _ipIds[r + SymbolTable.PrefetchDistance] is var ahead and >= 0)
            {
                CachePrefetch.Line(ref clientStates[ahead]);
                _minutes.Prefetch(ahead);
            }
            var ipId = _ipIds[r];
            if (ipId < 0) continue; // over budget: the tables say approximate
            ref var client = ref clientStates[ipId];
            var seconds = batch.UnixSeconds[r];
            int status = batch.Status[r];

            // Per-event keyword rules: a prefilter over the target and the headers tells whether any can match.
            if (MayMatch(batch, r, block))
            {
                var line = batch.Line[r].Slice(block);
                if (_chars.Length < line.Length) _chars = new char[Math.Max(line.Length, _chars.Length * 2)];
                MatchKeywordRules(batch, r, block, _chars.AsSpan(0, Encoding.Latin1.GetChars(line, _chars)), ipId, seconds, status);
            }
            if (IsProtocolViolation(batch, r, block, Options.MaxTargetBytes)) AddEventHit(WebRules.ProtocolViolation, batch, r, block, ipId, seconds);

            // W11: requests per (client, minute), in runs.
            _minutes.Add(ipId, seconds);

            // W11b: requests and time span per (client, agent), gathered while the client keeps its agent.
            var pairKey = ((long)ipId << IdBits) | (uint)(_agentIds[r] + 1);
            if (client.PairKey != pairKey + 1) StartPair(ref client, pairKey, seconds);
            if (client.PairKey != 0)
            {
                client.Pending++;
                if (seconds < client.First) client.First = seconds;
                if (seconds > client.Last) client.Last = seconds;
            }

            // W9, W10, W10b: error responses per (client, 5-minute bucket).
            if (status >= 400)
            {
                var windowKey = BucketKey.Of(ipId, AccessAggregator.FloorDiv(seconds, Options.ErrorWindowSeconds));
                int window;
                if (client.WindowKey == windowKey + 1)
                {
                    window = client.Window;
                    Windows.Counts[window]++;
                }
                else
                {
                    window = Windows.Add(windowKey);
                    if (window < 0) continue;
                    client.WindowKey = windowKey + 1;
                    client.Window = window;
                }
                if (status is 401 or 403)
                {
                    TableMerge.EnsureLength(ref WindowAuthFailures, Windows.IdCapacity);
                    WindowAuthFailures[window]++;
                }
                if (status == 404 && !batch.Path[r].IsNull)
                {
                    var pathId = NotFoundPaths.Add(batch.Path[r].Slice(block));
                    if (pathId >= 0) WindowNotFoundPaths.Add(((long)window << IdBits) | (uint)pathId);
                }
            }
        }
    }

    /// <summary>Adds the client's gathered requests to its previous pair and makes <paramref name="pairKey"/> current (none when the table refuses it).</summary>
    private void StartPair(ref ClientState client, long pairKey, long seconds)
    {
        FlushPair(ref client);
        var pair = ClientAgents.GetOrAdd(pairKey);
        if (pair < 0)
        {
            ClientAgents.OtherCount++; // each of its records is refused in turn
            client.PairKey = 0;
            return;
        }
        client.PairKey = pairKey + 1;
        client.Pair = pair;
        client.First = seconds;
        client.Last = seconds;
    }

    private void FlushPair(ref ClientState client)
    {
        if (client.Pending == 0) return;
        var pair = client.Pair;
        TableMerge.EnsureLength(ref ClientAgentFirst, ClientAgents.IdCapacity);
        TableMerge.EnsureLength(ref ClientAgentLast, ClientAgents.IdCapacity);
        if (ClientAgents.Counts[pair] == 0)
        {
            ClientAgentFirst[pair] = client.First;
            ClientAgentLast[pair] = client.Last;
        }
        else
        {
            ClientAgentFirst[pair] = Math.Min(ClientAgentFirst[pair], client.First);
            ClientAgentLast[pair] = Math.Max(ClientAgentLast[pair], client.Last);
        }
        ClientAgents.Counts[pair] += client.Pending;
        client.Pending = 0;
        client.First = long.MaxValue;
        client.Last = long.MinValue;
    }

    /// <summary>Adds every client's gathered (client, agent) requests to the pair totals.</summary>
    private void FlushPairs()
    {
        for (var ipId = 0; ipId < Math.Min(Ips.Count, _clientStates.Length); ipId++) FlushPair(ref _clientStates[ipId]);
    }

    /// <summary>
    /// Whether any keyword rule can match record <paramref name="r"/>: the verdicts of its path,
    /// agent, referer and query are computed once per distinct value (queries: the first 2^16
    /// distinct ones; later ones are searched each time).
    /// </summary>
    private bool MayMatch(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        if (Verdict(_pathVerdicts, _pathIds[r], batch.Path[r], block, WebRules.TargetPrefilter)) return true;
        if (!batch.Query[r].IsNull && QueryMayMatch(batch.Query[r].Slice(block))) return true;
        return Verdict(_agentVerdicts, _agentIds[r], batch.Ua[r], block, s_headerPrefilter)
            || Verdict(_refererVerdicts, _refererIds[r], batch.Referer[r], block, s_headerPrefilter);
    }

    private bool QueryMayMatch(ReadOnlySpan<byte> query)
    {
        var id = _queries.GetOrAdd(query);
        if (id < 0) return Searched(query, WebRules.TargetPrefilter); // past the cache's budget
        if (id >= _queryVerdicts.Length) TableMerge.EnsureLength(ref _queryVerdicts, _queries.IdCapacity);
        if (_queryVerdicts[id] == 0) _queryVerdicts[id] = Searched(query, WebRules.TargetPrefilter) ? (byte)2 : (byte)1;
        return _queryVerdicts[id] == 2;
    }

    private static readonly SearchValues<string>[] s_headerPrefilter = [WebRules.HeaderPrefilter];

    private bool Verdict(byte[] verdicts, int id, ByteRange field, ReadOnlySpan<byte> block, SearchValues<string>[] prefilter)
    {
        if (field.IsNull) return false;
        if (id < 0) return Searched(field.Slice(block), prefilter); // over budget: search every time
        if (verdicts[id] == 0) verdicts[id] = Searched(field.Slice(block), prefilter) ? (byte)2 : (byte)1;
        return verdicts[id] == 2;
    }

    private bool Searched(ReadOnlySpan<byte> value, SearchValues<string>[] prefilter)
    {
        if (_chars.Length < value.Length) _chars = new char[Math.Max(value.Length, _chars.Length * 2)];
        var chars = _chars.AsSpan(0, Encoding.Latin1.GetChars(value, _chars));
        foreach (var group in prefilter)
            if (chars.IndexOfAny(group) >= 0) return true;
        return false;
    }

    private void MatchKeywordRules(LogBatch batch, int r, ReadOnlySpan<byte> block, ReadOnlySpan<char> line, int ipId, long seconds, int status)
    {
        var isGet = batch.Method[r].Slice(block).SequenceEqual(s_get) && !batch.Method[r].IsNull;
        var notFound = status == 404;
        var target = TargetChars(batch, r, line, block, ref _targetChars);
        var ua = FieldChars(batch.Ua[r], batch.Line[r], line, block, ref _uaChars);
        var referer = FieldChars(batch.Referer[r], batch.Line[r], line, block, ref _refererChars);
        if (isGet && !notFound && target.IndexOfAny(WebRules.Sql) >= 0) AddEventHit(WebRules.SqlInjection, batch, r, block, ipId, seconds);
        if (target.IndexOfAny(WebRules.Traversal) >= 0) AddEventHit(WebRules.PathTraversal, batch, r, block, ipId, seconds);
        if (isGet && !notFound && target.IndexOfAny(WebRules.Xss) >= 0) AddEventHit(WebRules.CrossSiteScripting, batch, r, block, ipId, seconds);
        if (isGet && !notFound && target.IndexOfAny(WebRules.Template) >= 0) AddEventHit(WebRules.TemplateInjection, batch, r, block, ipId, seconds);
        if (target.IndexOfAny(WebRules.Java) >= 0 || ua.IndexOfAny(WebRules.Java) >= 0 || referer.IndexOfAny(WebRules.Java) >= 0)
            AddEventHit(WebRules.JavaPayload, batch, r, block, ipId, seconds);
        if (isGet && target.IndexOfAny(WebRules.Shell) >= 0) AddEventHit(WebRules.Webshell, batch, r, block, ipId, seconds);
        if (ua.IndexOfAny(WebRules.ReconAgents) >= 0) AddEventHit(WebRules.ReconUserAgent, batch, r, block, ipId, seconds);
        if (target.IndexOfAny(WebRules.SourceFiles) >= 0) AddEventHit(WebRules.SourceEnumeration, batch, r, block, ipId, seconds);
    }

    /// <summary>The request target (path and query) within the widened line.</summary>
    private static ReadOnlySpan<char> TargetChars(LogBatch batch, int r, ReadOnlySpan<char> line, ReadOnlySpan<byte> block, ref char[] own)
    {
        var path = batch.Path[r];
        if (path.IsNull) return default;
        var query = batch.Query[r];
        var end = query.IsNull ? path.Offset + path.Length : query.Offset + query.Length;
        return FieldChars(new ByteRange(path.Offset, end - path.Offset), batch.Line[r], line, block, ref own);
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

    private static bool IsProtocolViolation(LogBatch batch, int r, ReadOnlySpan<byte> block, int maxTargetBytes)
    {
        if (batch.Method[r].IsNull) return false; // "-" or an unparsed request: nothing to judge
        var target = batch.Path[r].Length + (batch.Query[r].IsNull ? 0 : batch.Query[r].Length + 1);
        if (target > maxTargetBytes) return true;
        if (!IsOneOf(batch.Method[r].Slice(block), s_standardMethods)) return true;
        return !batch.Protocol[r].IsNull && !IsOneOf(batch.Protocol[r].Slice(block), s_standardProtocols);
    }

    // The standard methods and protocols, each packed into one 64-bit word (all are 1–8 bytes).
    private static readonly (ulong Word, int Length)[] s_standardMethods = Array.ConvertAll(WebRules.StandardMethods, m => (Packed(Encoding.ASCII.GetBytes(m)), m.Length));
    private static readonly (ulong Word, int Length)[] s_standardProtocols = Array.ConvertAll(WebRules.StandardProtocols, p => (Packed(Encoding.ASCII.GetBytes(p)), p.Length));

    /// <summary>1–8 bytes as a little-endian word, zero-padded (so equal words need equal lengths too: a value may hold NUL).</summary>
    private static ulong Packed(ReadOnlySpan<byte> value)
    {
        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        value.CopyTo(padded);
        return BinaryPrimitives.ReadUInt64LittleEndian(padded);
    }

    private static bool IsOneOf(ReadOnlySpan<byte> value, (ulong Word, int Length)[] names)
    {
        if (value.Length is 0 or > 8) return false; // every name has 1–8 bytes
        var word = Packed(value);
        foreach (var name in names)
            if (word == name.Word && value.Length == name.Length) return true;
        return false;
    }

    private void AddEventHit(DetectionRule rule, LogBatch batch, int r, ReadOnlySpan<byte> block, int ipId, long seconds)
    {
        var ip = Ips.KeyOf(ipId);
        var ruleIndex = RuleIndex(rule);
        if (_keyScratch.Length < ip.Length + 1) _keyScratch = new byte[ip.Length + 1];
        _keyScratch[0] = (byte)ruleIndex;
        ip.CopyTo(_keyScratch.AsSpan(1));
        var id = EventHits.Add(_keyScratch.AsSpan(0, ip.Length + 1));
        if (id < 0) return;
        if (id >= EventFirst.Length)
        {
            var capacity = EventHits.IdCapacity;
            TableMerge.EnsureLength(ref EventFirst, capacity);
            TableMerge.EnsureLength(ref EventLast, capacity);
            TableMerge.EnsureLength(ref EventEvidence, capacity);
            TableMerge.EnsureLength(ref EventUrl, capacity);
            TableMerge.EnsureLength(ref EventAgent, capacity);
        }
        if (EventHits.Counts[id] == 1)
        {
            EventFirst[id] = seconds;
            EventLast[id] = seconds;
        }
        else
        {
            EventFirst[id] = Math.Min(EventFirst[id], seconds);
            EventLast[id] = Math.Max(EventLast[id], seconds);
        }
        // A flood of hits from one client allocates nothing once the first lines are kept.
        if (EvidenceList.IsLate(EventEvidence[id], batch, r)) return;
        if (EvidenceList.Keep(ref EventEvidence[id], EvidenceList.Of(batch, r, block)) == 0)
        {
            // The sample URL and agent are those of the first event in input order.
            EventUrl[id] = TargetBytes(batch, r, block);
            EventAgent[id] = batch.Ua[r].IsNull ? null : batch.Ua[r].Slice(block).ToArray();
        }
    }

    private static byte[]? TargetBytes(LogBatch batch, int r, ReadOnlySpan<byte> block)
    {
        var path = batch.Path[r];
        if (path.IsNull) return null;
        var query = batch.Query[r];
        var end = query.IsNull ? path.Offset + path.Length : query.Offset + query.Length;
        return block[path.Offset..end].ToArray();
    }

    internal static int RuleIndex(DetectionRule rule)
    {
        for (var i = 0; i < WebRules.All.Count; i++)
            if (ReferenceEquals(WebRules.All[i], rule)) return i;
        throw new ArgumentException("not a web rule", nameof(rule));
    }

    /// <summary>
    /// Settles the (client, minute) counts; call once every record and worker state is in,
    /// before reading the findings. Final: consuming or merging afterwards throws.
    /// </summary>
    public void Complete()
    {
        FlushPairs();
        _minutes.Resolve();
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (WebDetectionAggregator)other;
        FlushPairs();
        o.FlushPairs();
        int[] ipMap, agentMap;
        if (_access is null)
        {
            ipMap = TableMerge.Into(Ips, o.Ips);
            agentMap = TableMerge.Into(Agents, o.Agents);
        }
        else
        {
            // The shared tables were merged by the traffic aggregate: reuse its maps.
            if (_access.LastMerge is not { } merge || !ReferenceEquals(merge.Other, o._access))
                throw new InvalidOperationException("the traffic aggregate must merge first");
            (ipMap, agentMap) = (merge.IpMap, merge.UaMap);
        }
        var pathMap = TableMerge.Into(NotFoundPaths, o.NotFoundPaths);

        var windowMap = new int[o.Windows.Count];
        for (var w = 0; w < o.Windows.Count; w++)
        {
            var key = o.Windows.KeyOf(w);
            var ip = ipMap[BucketKey.Subject(key)];
            windowMap[w] = ip < 0 ? -1 : Windows.Add(BucketKey.Of(ip, BucketKey.Bucket(key)), o.Windows.Counts[w]);
            if (windowMap[w] < 0) continue;
            TableMerge.EnsureLength(ref WindowAuthFailures, Windows.IdCapacity);
            if (w < o.WindowAuthFailures.Length) WindowAuthFailures[windowMap[w]] += o.WindowAuthFailures[w];
        }
        foreach (var key in o.WindowNotFoundPaths.Keys)
        {
            var window = windowMap[(int)(key >> IdBits)];
            var path = pathMap[(int)(key & ((1 << IdBits) - 1))];
            if (window >= 0 && path >= 0) WindowNotFoundPaths.Add(((long)window << IdBits) | (uint)path);
        }
        _minutes.Merge(o._minutes, ipMap);
        for (var c = 0; c < o.ClientAgents.Count; c++)
        {
            var key = o.ClientAgents.KeyOf(c);
            var ip = ipMap[(int)(key >> IdBits)];
            var agentId = (int)(key & ((1 << IdBits) - 1)) - 1;
            var agent = agentId < 0 ? -1 : agentMap[agentId];
            if (ip < 0 || (agentId >= 0 && agent < 0)) continue;
            var known = ClientAgents.Count;
            var id = ClientAgents.Add(((long)ip << IdBits) | (uint)(agent + 1), o.ClientAgents.Counts[c]);
            if (id < 0) continue;
            TableMerge.EnsureLength(ref ClientAgentFirst, ClientAgents.IdCapacity);
            TableMerge.EnsureLength(ref ClientAgentLast, ClientAgents.IdCapacity);
            if (id >= known)
            {
                ClientAgentFirst[id] = o.ClientAgentFirst[c];
                ClientAgentLast[id] = o.ClientAgentLast[c];
            }
            else
            {
                ClientAgentFirst[id] = Math.Min(ClientAgentFirst[id], o.ClientAgentFirst[c]);
                ClientAgentLast[id] = Math.Max(ClientAgentLast[id], o.ClientAgentLast[c]);
            }
        }
        for (var e = 0; e < o.EventHits.Count; e++)
        {
            var known = EventHits.Count;
            var id = EventHits.Add(o.EventHits.KeyOf(e), o.EventHits.Counts[e]);
            if (id < 0) continue;
            var capacity = EventHits.IdCapacity;
            TableMerge.EnsureLength(ref EventFirst, capacity);
            TableMerge.EnsureLength(ref EventLast, capacity);
            TableMerge.EnsureLength(ref EventEvidence, capacity);
            TableMerge.EnsureLength(ref EventUrl, capacity);
            TableMerge.EnsureLength(ref EventAgent, capacity);
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
    }

    /// <summary>The findings, extracted once by <see cref="WebFindings.Extract"/> after the run.</summary>
    internal List<Finding>? ExtractedFindings;

    /// <summary>True when any table went past its budget (findings may then be incomplete).</summary>
    public bool IsApproximate => Ips.IsApproximate || Agents.IsApproximate || NotFoundPaths.IsApproximate || Windows.IsApproximate
        || WindowNotFoundPaths.IsApproximate || _minutes.IsApproximate || ClientAgents.IsApproximate || EventHits.IsApproximate;
}
