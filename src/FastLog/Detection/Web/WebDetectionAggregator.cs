using System.Text;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Scanning;
using FastLog.Partials;

namespace FastLog.Detection.Web;

/// <summary>
/// Evaluates the web rules W1–W12 over access-log batches, per worker, mergeably.
/// </summary>
/// <remarks>
/// <para>
/// Per-event rules: a prefilter searches the raw bytes of the request target and of the user
/// agent and referer for every keyword's anchor (<see cref="KeywordPrefilter"/> over
/// <see cref="WebRules.TargetAnchors"/> and <see cref="WebRules.HeaderAnchors"/>), once per
/// distinct value; only lines with a hit (rare) are widened to chars and tested rule by rule.
/// Keywords are matched in the fields where the attack lives: the request target for W1–W4,
/// W6 and W8 (Sigma matches the whole line, where a referer naming a page such as
/// <c>/blog/order-by-date</c> would fire them), the target and both headers for W5 (JNDI
/// payloads come in user agents), the user agent for W7. Hits are kept per (rule, client) with their count, time span and first evidence
/// lines. The client is the log's first field, written by the server: text in the request or the
/// user agent can never name the offender (docs/reliability.md R3).
/// </para>
/// <para>
/// Thresholded rules count exactly in fixed buckets (Splunk <c>bucket span</c>, Elastic
/// <c>date_trunc</c>; lengths and thresholds in <see cref="WebRuleOptions"/>): per (client,
/// 5-minute bucket) the 401/403 and 4xx/5xx responses and the distinct 404 paths
/// (<see cref="ErrorWindows"/>); per (client, minute) the requests (<see cref="ClientMinuteRuns{TClient}"/>);
/// per (client, agent) the requests and their time span (<see cref="KeyedParts{T}"/>). None of
/// them looks a hash table up per record: a client's entry gathers its counts, and finished
/// parts are appended to plain arrays, joined exactly at the end. Worker states hold
/// worker-local ids and merge through id maps, so the findings do not depend on how the input
/// was split.
/// </para>
/// </remarks>
public sealed class WebDetectionAggregator : IAggregator
{
    /// <summary>Bits of a client or agent id in the packed (client, agent) and (client, minute) keys.</summary>
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
    /// <summary>Request methods and protocols (all records), so each distinct one is judged once for W12.</summary>
    internal readonly SymbolTable Methods;
    internal readonly SymbolTable Protocols;
    /// <summary>Error responses per (client, error bucket; 5 minutes by default), settled by <see cref="Complete"/> into <see cref="SettledWindows"/>.</summary>
    internal readonly ErrorWindows Errors;
    /// <summary>Every (client, bucket) window with its errors, 401/403s and distinct 404 paths, once <see cref="Complete"/> ran.</summary>
    internal List<(long Key, ErrorWindows.Counts Counts, long NotFoundPaths)> SettledWindows = [];
    // A 404 whose path the path table refused: W10b may then count low.
    private bool _notFoundPathRefused;
    /// <summary>(client id, minute) request counts (those that can matter, once <see cref="Complete"/> ran).</summary>
    internal LongKeyTable Minutes => _minutes.Exact;
    private readonly ClientMinuteRuns<ClientState> _minutes;
    // The segment (input, chunk) the last batch came from: a new one closes the open minute runs.
    private int _segmentInput = -1;
    private int _segmentChunk = -1;
    /// <summary>Requests and their time span per (client id, agent id + 1) key (<see cref="PairKey"/>), joined by <see cref="Complete"/>.</summary>
    internal readonly KeyedParts<PairSpan> ClientAgents;
    /// <summary>Per-event hits keyed by rule index byte + client bytes.</summary>
    internal readonly EventHitTable Events;

    private int[] _ipIds = new int[LogBatch.DefaultCapacity];
    private int[] _agentIds = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];
    private int[] _pathIds = new int[LogBatch.DefaultCapacity];
    private int[] _refererIds = new int[LogBatch.DefaultCapacity];
    private int[] _methodIds = new int[LogBatch.DefaultCapacity];
    private int[] _protocolIds = new int[LogBatch.DefaultCapacity];
    // Keyword prefilter verdicts per distinct path, agent and referer (true = may match), and the
    // W12 verdicts per distinct method and protocol (true = not standard): each distinct value is
    // judged once.
    private readonly IdVerdicts _pathVerdicts;
    private readonly IdVerdicts _agentVerdicts;
    private readonly IdVerdicts _refererVerdicts;
    private readonly IdVerdicts _oddMethods;
    private readonly IdVerdicts _oddProtocols;
    // Queries repeat too (pagination, search terms), but a log can hold millions of distinct ones:
    // their verdicts are kept in a bounded cache. A cache only: it never changes a result.
    private readonly VerdictCache _queryVerdicts = new();
    private char[] _chars = new char[4096];
    private char[] _targetChars = [];
    private char[] _uaChars = [];
    private char[] _refererChars = [];
    private byte[] _keyScratch = new byte[256];
    /// <summary>
    /// Per client, in one 64-byte entry so that a record touches one entry: its open W11 run; the
    /// requests and time span of its current (client, agent) pair, handed to
    /// <see cref="ClientAgents"/> as a part when the client changes agent (or at merge and the
    /// end); its errors in its last error window, handed to <see cref="Errors"/> when it moves to
    /// another window (or at merge and the end). Most records touch this entry only.
    /// </summary>
    private struct ClientState : IClientRun<ClientState>
    {
        public ClientRun MinuteRun;
        public long First;        // the first and last second of the pending requests
        public long Last;
        public long WindowBucket; // the last error window's bucket
        public int Pending;       // requests of the current pair not yet handed to ClientAgents
        public int PairAgent;     // the current pair's agent id + 2 (1: no agent); 0 = none
        public int WindowErrors;  // errors of the last error window not yet handed to Errors; 0 = none
        public int WindowAuthFailures; // 401/403 among them
        public int WindowNotFound;     // 404 among them

        public static ref ClientRun Run(ref ClientState client) => ref client.MinuteRun;
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
        Agents = access?.Agents ?? new SymbolTable(_budget);
        Paths = access?.Paths ?? new SymbolTable(_budget);
        Referers = access?.Referers ?? new SymbolTable(_budget);
        Methods = access?.Methods ?? new SymbolTable(_budget, 16);
        Protocols = access?.Protocols ?? new SymbolTable(_budget, 16);
        Errors = new ErrorWindows(_budget.MaxKeys);
        _minutes = new ClientMinuteRuns<ClientState>(_budget.MaxKeys, Options.RateWindowSeconds, Options.RateRequests);
        ClientAgents = new KeyedParts<PairSpan>(_budget.MaxKeys);
        Events = new EventHitTable(_budget);
        _pathVerdicts = new IdVerdicts(Paths, SearchTarget);
        _agentVerdicts = new IdVerdicts(Agents, SearchHeader);
        _refererVerdicts = new IdVerdicts(Referers, SearchHeader);
        _oddMethods = new IdVerdicts(Methods, static method => !IsOneOf(method, s_standardMethods));
        _oddProtocols = new IdVerdicts(Protocols, static protocol => !IsOneOf(protocol, s_standardProtocols));
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
            _methodIds = _access.BatchMethodIds;
            _protocolIds = _access.BatchProtocolIds;
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
                _methodIds = new int[batch.Capacity];
                _protocolIds = new int[batch.Capacity];
            }
            Ips.AddColumn(batch.Ip, block, n, _ipIds, _hashes);
            Agents.AddColumn(batch.Agent, block, n, _agentIds, _hashes);
            Paths.AddColumn(batch.Path, block, n, _pathIds, _hashes);
            Referers.AddColumn(batch.Referer, block, n, _refererIds, _hashes);
            // Few distinct methods and protocols, mostly repeating: the last-key check answers most lookups.
            // Invariant: r < n; ids [0, r) are set.
            for (var r = 0; r < n; r++)
            {
                _methodIds[r] = batch.Method[r].IsNull ? -1 : Methods.Add(batch.Method[r].Slice(block));
                _protocolIds[r] = batch.Protocol[r].IsNull ? -1 : Protocols.Add(batch.Protocol[r].Slice(block));
            }
        }
        _pathVerdicts.CatchUp();
        _agentVerdicts.CatchUp();
        _refererVerdicts.CatchUp();
        _oddMethods.CatchUp();
        _oddProtocols.CatchUp();
        _minutes.EnsureClients(Ips.IdCapacity);
        if (batch.Origin.InputIndex != _segmentInput || batch.Origin.ChunkIndex != _segmentChunk)
        {
            _minutes.EndSegment();
            (_segmentInput, _segmentChunk) = (batch.Origin.InputIndex, batch.Origin.ChunkIndex);
        }
        MatchEventRules(batch, block, n);
        CountPerClient(batch, block, n);
    }

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
    private void CountPerClient(LogBatch batch, ReadOnlySpan<byte> block, int n)
    {
        var clientStates = _minutes.Clients;
        // Invariant: r < n; every range in the batch lies within block; the entry of record
        // r + PrefetchDistance is being fetched.
        for (var r = 0; r < n; r++)
        {
            if (r + SymbolTable.PrefetchDistance < n && _ipIds[r + SymbolTable.PrefetchDistance] is var ahead and >= 0) _minutes.Prefetch(ahead);
            var ipId = _ipIds[r];
            if (ipId < 0) continue; // over budget: the tables say approximate
            // A possible forged line (raw newline in the previous line's quoted field) never makes its client an offender.
            if (batch.SuspectContinuation[r]) continue;
            ref var client = ref clientStates[ipId];
            var seconds = batch.UnixSeconds[r];

            // W11: requests per (client, minute), in runs.
            _minutes.Add(ref client, ipId, seconds);

            // W11b: requests and time span per (client, agent), gathered while the client keeps its agent.
            var agent = _agentIds[r] + 2;
            if (client.PairAgent != agent || client.Pending == int.MaxValue) StartPair(ref client, ipId, agent, seconds);
            client.Pending++;
            client.First = Math.Min(client.First, seconds);
            client.Last = Math.Max(client.Last, seconds);

            // W9, W10, W10b: error responses per (client, 5-minute bucket).
            int status = batch.Status[r];
            if (status >= 400) CountError(batch, r, ref client, ipId, seconds, status);
        }
    }

    private void CountError(LogBatch batch, int r, ref ClientState client, int ipId, long seconds, int status)
    {
        var bucket = AccessAggregator.FloorDiv(seconds, Options.ErrorWindowSeconds);
        if (client.WindowBucket != bucket || client.WindowErrors == int.MaxValue)
        {
            FlushWindow(ref client, ipId);
            client.WindowBucket = bucket;
        }
        client.WindowErrors++;
        if (status is 401 or 403) client.WindowAuthFailures++;
        if (status == 404 && !batch.Path[r].IsNull)
        {
            client.WindowNotFound++;
            if (_pathIds[r] >= 0) Errors.AddNotFound(BucketKey.Of(ipId, bucket), _pathIds[r]);
            else _notFoundPathRefused = true;
        }
    }

    /// <summary>Hands the client's gathered errors of its last window to <see cref="Errors"/>.</summary>
    private void FlushWindow(ref ClientState client, int ipId)
    {
        if (client.WindowErrors == 0) return;
        Errors.AddPart(BucketKey.Of(ipId, client.WindowBucket), new ErrorWindows.Counts(client.WindowErrors, client.WindowAuthFailures, client.WindowNotFound));
        client.WindowErrors = 0;
        client.WindowAuthFailures = 0;
        client.WindowNotFound = 0;
    }

    /// <summary>Requests of one (client, agent) and their first and last second.</summary>
    internal readonly record struct PairSpan(long Requests, long First, long Last) : IJoinable<PairSpan>
    {
        public static PairSpan Join(PairSpan a, PairSpan b) => new(a.Requests + b.Requests, Math.Min(a.First, b.First), Math.Max(a.Last, b.Last));
    }

    /// <summary>The key of (client id, agent id; -1: no agent).</summary>
    internal static long PairKey(int ipId, int agentId) => ((long)ipId << IdBits) | (uint)(agentId + 1);

    /// <summary>Hands the client's gathered requests of its previous pair over and makes (client, agent) current.</summary>
    private void StartPair(ref ClientState client, int ipId, int agent, long seconds)
    {
        FlushPair(ref client, ipId);
        client.PairAgent = agent;
        client.First = seconds;
        client.Last = seconds;
    }

    private void FlushPair(ref ClientState client, int ipId)
    {
        if (client.Pending == 0) return;
        ClientAgents.Add(PairKey(ipId, client.PairAgent - 2), new PairSpan(client.Pending, client.First, client.Last));
        client.Pending = 0;
        client.PairAgent = 0; // the client's next record starts a new part, with its own time span
    }

    /// <summary>Hands every client's gathered (client, agent) requests and window errors to <see cref="ClientAgents"/> and <see cref="Errors"/>.</summary>
    private void FlushClients()
    {
        var clients = _minutes.Clients;
        for (var ipId = 0; ipId < Math.Min(Ips.Count, clients.Length); ipId++)
        {
            FlushPair(ref clients[ipId], ipId);
            FlushWindow(ref clients[ipId], ipId);
        }
    }

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
        FlushClients();
        // Three independent settlements (tens of milliseconds each on a 1 GB log, after the
        // workers are done): side by side, so they cost the wall time of the longest.
        Parallel.Invoke(
            _minutes.Resolve,
            ClientAgents.Settle,
            () => SettledWindows = Errors.Settle(Options.NotFoundPaths));
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (WebDetectionAggregator)other;
        FlushClients();
        o.FlushClients();
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
        var pathMap = new int[o.Paths.Count];
        _notFoundPathRefused |= o._notFoundPathRefused;

        // The error windows, the minute runs, and the pairs with the per-event hits share no
        // state (only the error windows map paths): merged side by side, since a run's merges
        // happen one after another once the workers are done.
        Parallel.Invoke(
            () => Errors.Merge(o.Errors, ipMap, id => MapPath(o.Paths, id, pathMap)),
            () => _minutes.Merge(o._minutes, ipMap),
            () =>
            {
                ClientAgents.Merge(o.ClientAgents, (long key, out long mapped) =>
                {
                    var ip = ipMap[(int)(key >> IdBits)];
                    var agentId = (int)(key & ((1 << IdBits) - 1)) - 1;
                    var agent = agentId < 0 ? -1 : agentMap[agentId];
                    mapped = PairKey(ip, agent);
                    return ip >= 0 && (agentId < 0 || agent >= 0);
                });
                Events.Merge(o.Events);
            });
    }

    /// <summary>
    /// This state's id of <paramref name="from"/>'s path <paramref name="id"/> (memoised in
    /// <paramref name="map"/>, 0 = not yet, else id + 1; -1 when refused). Only the paths answered
    /// 404 are mapped, not the whole table: in <c>detect</c> the paths are otherwise a
    /// per-worker verdict cache; in <c>analyze --detect</c> the traffic aggregate merged them
    /// already, so this finds them.
    /// </summary>
    private int MapPath(SymbolTable from, int id, int[] map)
    {
        if (map[id] == 0) map[id] = Paths.GetOrAdd(from.KeyOf(id)) + 1;
        return map[id] - 1;
    }

    /// <summary>
    /// Writes the state the findings come from: the clients and agents the windows name (by
    /// bytes, sorted), the error windows with their 404 paths, the (client, minute) counts, the
    /// (client, agent) spans and the per-event hits, each sorted. Hands every client's gathered
    /// counts over first, as a merge does; the state goes on counting.
    /// </summary>
    /// <remarks>
    /// The path, referer, method and protocol tables are not written: they only cache keyword
    /// verdicts (and, in <c>analyze --detect</c>, belong to the traffic aggregate, which writes them).
    /// </remarks>
    internal void WriteState(PartialWriter writer)
    {
        FlushClients();
        var ipPositions = WriteKeys(writer, Ips);
        var agentPositions = WriteKeys(writer, Agents);
        Errors.WriteState(writer, ipPositions, Paths);
        _minutes.WriteState(writer, ipPositions);
        var (keys, spans) = ClientAgents.Joined();
        var order = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var agentId = (int)(keys[i] & ((1 << IdBits) - 1)) - 1;
            keys[i] = PairKey(ipPositions[(int)(keys[i] >> IdBits)], agentId < 0 ? -1 : agentPositions[agentId]);
            order[i] = i;
        }
        Array.Sort(keys, order);
        writer.WriteUInt((ulong)keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var span = spans[order[i]];
            writer.WriteInt(keys[i]);
            writer.WriteInt(span.Requests);
            writer.WriteInt(span.First);
            writer.WriteInt(span.Last);
        }
        writer.WriteInt(ClientAgents.Refused);
        Events.WriteState(writer);
        writer.WriteBool(_notFoundPathRefused);
        writer.WriteBool(Ips.IsApproximate || Agents.IsApproximate);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty state (in <c>analyze --detect</c>, after the traffic aggregate read its tables).</summary>
    internal void ReadState(PartialReader reader)
    {
        var ipIds = ReadKeys(reader, Ips);
        var agentIds = ReadKeys(reader, Agents);
        _minutes.EnsureClients(Ips.IdCapacity);
        Errors.ReadState(reader, ipIds, Paths);
        _minutes.ReadState(reader, ipIds);
        var pairs = reader.ReadCount(reader.Remaining);
        for (var i = 0; i < pairs; i++)
        {
            var key = reader.ReadInt();
            var span = new PairSpan(reader.ReadInt(), reader.ReadInt(), reader.ReadInt());
            var client = (int)(key >> IdBits);
            var agent = (int)(key & ((1 << IdBits) - 1)) - 1;
            if ((uint)client >= (uint)ipIds.Length || agent >= agentIds.Length) throw new InvalidDataException("corrupt partial: a (client, agent) pair the state does not hold");
            var agentId = agent < 0 ? -1 : agentIds[agent];
            if (ipIds[client] >= 0 && (agent < 0 || agentId >= 0)) ClientAgents.Add(PairKey(ipIds[client], agentId), span);
        }
        ClientAgents.AddRefused(reader.ReadInt());
        Events.ReadState(reader);
        _notFoundPathRefused = reader.ReadBool();
        _tablesRefused = reader.ReadBool();
    }

    // A saved state's clients or agents went past their budget (this state's tables may not).
    private bool _tablesRefused;

    /// <summary>Writes the keys of ids [0, Count) in bytewise order; returns each id's position.</summary>
    private static int[] WriteKeys(PartialWriter writer, SymbolTable table)
    {
        var order = new int[table.Count];
        for (var id = 0; id < order.Length; id++) order[id] = id;
        Array.Sort(order, (a, b) => table.KeyOf(a).SequenceCompareTo(table.KeyOf(b)));
        writer.WriteUInt((ulong)order.Length);
        foreach (var id in order) writer.WriteBytes(table.KeyOf(id));
        return StateCodec.Positions(order, table.Count);
    }

    /// <summary>Reads keys written by <see cref="WriteKeys"/> into <paramref name="table"/> (found, or added with count 0); returns each position's id (-1: refused).</summary>
    private static int[] ReadKeys(PartialReader reader, SymbolTable table)
    {
        var ids = new int[reader.ReadCount(reader.Remaining)];
        for (var i = 0; i < ids.Length; i++) ids[i] = table.GetOrAdd(reader.ReadBytes());
        return ids;
    }

    /// <summary>The findings, extracted once by <see cref="WebFindings.Extract"/> after the run.</summary>
    internal List<Finding>? ExtractedFindings;

    /// <summary>True when any table went past its budget (findings may then be incomplete).</summary>
    public bool IsApproximate => _tablesRefused || Ips.IsApproximate || Agents.IsApproximate || _notFoundPathRefused || Errors.IsApproximate || _minutes.IsApproximate || ClientAgents.IsApproximate || Events.IsApproximate;
}
