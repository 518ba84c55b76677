using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;

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
public sealed partial class WebDetectionAggregator : IAggregator
{
    /// <summary>Bits of a client or agent id in the packed (client, agent) and (client, minute) keys.</summary>
    internal const int IdBits = 22;
    private static readonly byte[] s_get = "GET"u8.ToArray();

    private readonly TableBudget _budget;

    /// <summary>Clients (all records).</summary>
    internal SymbolTable Ips { get; }
    /// <summary>User agents (all records).</summary>
    internal SymbolTable Agents { get; }
    /// <summary>Paths (all records), so a path's keyword verdict is computed once.</summary>
    internal SymbolTable Paths { get; }
    /// <summary>Referers (all records), so a referer's keyword verdict is computed once.</summary>
    internal SymbolTable Referers { get; }
    /// <summary>Request methods and protocols (all records), so each distinct one is judged once for W12.</summary>
    internal SymbolTable Methods { get; }
    internal SymbolTable Protocols { get; }
    /// <summary>Error responses per (client, error bucket; 5 minutes by default), settled by <see cref="Complete"/> into <see cref="SettledWindows"/>.</summary>
    internal ErrorWindows Errors { get; }
    /// <summary>Every (client, bucket) window with its errors, 401/403s and distinct 404 paths, once <see cref="Complete"/> ran.</summary>
    internal List<(long Key, ErrorWindows.Counts Counts, long NotFoundPaths)> SettledWindows { get; private set; } = [];
    // A 404 whose path the path table refused: W10b may then count low.
    private bool _notFoundPathRefused;
    /// <summary>(client id, minute) request counts (those that can matter, once <see cref="Complete"/> ran).</summary>
    internal LongKeyTable Minutes => _minutes.Exact;
    private readonly ClientMinuteRuns<ClientState> _minutes;
    // The segment (input, chunk) the last batch came from: a new one closes the open minute runs.
    private int _segmentInput = -1;
    private int _segmentChunk = -1;
    /// <summary>Requests and their time span per (client id, agent id + 1) key (<see cref="PairKey"/>), joined by <see cref="Complete"/>.</summary>
    internal KeyedParts<PairSpan> ClientAgents { get; }
    /// <summary>Per-event hits keyed by rule index byte + client bytes.</summary>
    internal EventHitTable Events { get; }

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

    // A saved state's clients or agents went past their budget (this state's tables may not).
    private bool _tablesRefused;

    /// <summary>The findings, extracted once by <see cref="WebFindings.Extract"/> after the run.</summary>
    internal List<Finding>? ExtractedFindings { get; private set; }

    /// <summary>Keeps the findings <see cref="WebFindings.Extract"/> made, so a second ask returns them.</summary>
    internal List<Finding> KeepFindings(List<Finding> findings) => ExtractedFindings = findings;

    /// <summary>True when any table went past its budget (findings may then be incomplete).</summary>
    public bool IsApproximate => _tablesRefused || Ips.IsApproximate || Agents.IsApproximate || _notFoundPathRefused || Errors.IsApproximate || _minutes.IsApproximate || ClientAgents.IsApproximate || Events.IsApproximate;
}
