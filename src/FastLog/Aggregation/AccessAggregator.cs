using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;
using FastLog.Scanning;

namespace FastLog.Aggregation;

/// <summary>
/// Everything <c>analyze</c> reports for access logs, accumulated per worker and merged:
/// status, method and protocol counts; per-key tables of clients, paths, user agents, referers
/// and endpoints; hourly buckets with error counts; unique visitors per day; byte and
/// request-time histograms.
/// </summary>
/// <remarks>
/// Derived tables are keyed by the ids of the primary ones (404s and errors per path id, errors
/// per client id, visitors as packed (day, client id, agent id)), so a record costs four byte-key
/// lookups (client, path, agent, referer) plus array increments. Ids are per worker and are
/// remapped when merging.
/// </remarks>
public sealed partial class AccessAggregator : IAggregator
{
    /// <summary>Hours (and days) are bucketed with floor division so instants before 1970 fall in the right bucket.</summary>
    public const long SecondsPerHour = 3600;

    private const int VisitorIdBits = 22;
    // 63, not 64: a visitor key must stay non-negative (the key set reserves negative values), so
    // the day has 19 bits, days 0 to 524,287 after 1970 (up to the year 3405); later days share the last.
    private const int VisitorDayBits = 63 - 2 * VisitorIdBits;

    /// <summary>Request methods.</summary>
    public SymbolTable Methods { get; }
    /// <summary>Request protocols.</summary>
    public SymbolTable Protocols { get; }
    /// <summary>Client addresses.</summary>
    public SymbolTable Ips { get; }
    /// <summary>Paths without query.</summary>
    public SymbolTable Paths { get; }
    /// <summary>User agents.</summary>
    public SymbolTable Agents { get; }
    /// <summary>Referers.</summary>
    public SymbolTable Referers { get; }
    /// <summary>Endpoint templates (<see cref="EndpointTemplate"/>).</summary>
    public SymbolTable Endpoints { get; }
    /// <summary>UTC hour buckets (Unix seconds / 3600).</summary>
    public LongKeyTable Hours { get; }
    /// <summary>
    /// Distinct (UTC day, client, user agent) triples: GoAccess's unique visitors. A set of
    /// packed ids, bounded by the budget; visitors it cannot hold go to a per-day sketch
    /// (<see cref="UniqueVisitorsPerDay"/> unites both).
    /// </summary>
    public LongHashSet Visitors { get; }
    /// <summary>Response bytes (records with <c>-</c> are not in it).</summary>
    public LogHistogram Bytes { get; } = new();
    /// <summary>Request time in microseconds.</summary>
    public LogHistogram RequestTime { get; } = new();

    // The per-record loop writes these fields; reports read them through the read-only
    // properties below (a span over the array, no copy), merge and partials through this class.
    private readonly long[] _statusCounts = new long[600];
    private Dictionary<long, HyperLogLog>? _visitorsRefused; // per UTC day, the visitors Visitors does not hold; null until the first
    private long[] _ipErrors = new long[1024];
    private long[] _path404 = new long[1024];
    private long[] _hour4xx = new long[256];
    private long[] _hour5xx = new long[256];
    private long[] _endpointErrors = new long[256];
    private LogHistogram?[] _endpointLatency = new LogHistogram?[256];
    private long _bytesNull;
    private long _visitorsOther;
    private long _minUnixSeconds = long.MaxValue;
    private long _maxUnixSeconds = long.MinValue;
    private long _records;

    /// <summary>Records per status code (index = code, 100–599).</summary>
    public ReadOnlySpan<long> StatusCounts => _statusCounts;
    /// <summary>4xx and 5xx responses per client id (ids past the end: none).</summary>
    public ReadOnlySpan<long> IpErrors => _ipErrors;
    /// <summary>404 responses per path id (ids past the end: none).</summary>
    public ReadOnlySpan<long> Path404 => _path404;
    /// <summary>4xx responses per hour id (ids past the end: none).</summary>
    public ReadOnlySpan<long> Hour4xx => _hour4xx;
    /// <summary>5xx responses per hour id (ids past the end: none).</summary>
    public ReadOnlySpan<long> Hour5xx => _hour5xx;
    /// <summary>4xx and 5xx responses per endpoint id (ids past the end: none).</summary>
    public ReadOnlySpan<long> EndpointErrors => _endpointErrors;
    /// <summary>Request time per endpoint id (null until the endpoint has one).</summary>
    public ReadOnlySpan<LogHistogram?> EndpointLatency => _endpointLatency;
    /// <summary>Records whose bytes were <c>-</c>.</summary>
    public long BytesNull => _bytesNull;
    /// <summary>Records not counted as visitors because a client or agent key was refused by its budget.</summary>
    public long VisitorsOther => _visitorsOther;
    /// <summary>Earliest timestamp (Unix seconds); <see cref="long.MaxValue"/> when none.</summary>
    public long MinUnixSeconds => _minUnixSeconds;
    /// <summary>Latest timestamp (Unix seconds); <see cref="long.MinValue"/> when none.</summary>
    public long MaxUnixSeconds => _maxUnixSeconds;
    /// <summary>Records in total.</summary>
    public long Records => _records;

    /// <inheritdoc/>
    public bool IsApproximate => Methods.IsApproximate || Protocols.IsApproximate || Ips.IsApproximate || Paths.IsApproximate || Agents.IsApproximate
        || Referers.IsApproximate || Endpoints.IsApproximate || Hours.IsApproximate || Visitors.IsApproximate || _visitorsRefused is not null;

    /// <inheritdoc/>
    /// <remarks>The tables that grow with the traffic: clients, paths, agents, referers, endpoints.</remarks>
    public double BudgetShare => Math.Max(Math.Max(Ips.BudgetShare, Paths.BudgetShare),
        Math.Max(Math.Max(Agents.BudgetShare, Referers.BudgetShare), Endpoints.BudgetShare));

    private int[] _pathEndpoint = new int[1024]; // path id -> endpoint id + 1 (0 = not yet computed)
    private byte[] _templateScratch = new byte[4096];
    private long[] _ipLastVisitor = new long[1024]; // client id -> its last visitor key + 1 (0 = none)
    private int[] _ipLastAgent = new int[1024]; // client id -> its last agent id + 1 (0 = none)

    /// <summary>Creates an empty aggregator whose per-key tables have <paramref name="budget"/> each.</summary>
    public AccessAggregator(TableBudget budget) : this(budget, null)
    {
    }

    /// <summary>Creates an empty aggregator; with <paramref name="like"/>, its client, path, agent, referer and endpoint tables have room for as many keys as <paramref name="like"/>'s.</summary>
    private AccessAggregator(TableBudget budget, AccessAggregator? like)
    {
        _budget = budget;
        // Visitor keys pack client and agent ids in 22 bits each.
        var idBudget = budget with { MaxKeys = Math.Min(budget.MaxKeys, (1 << VisitorIdBits) - 2) };
        Methods = new SymbolTable(budget, 16);
        Protocols = new SymbolTable(budget, 16);
        Ips = Sized(idBudget, like?.Ips);
        Paths = Sized(budget, like?.Paths);
        Agents = Sized(idBudget, like?.Agents);
        Referers = Sized(budget, like?.Referers);
        Endpoints = Sized(budget, like?.Endpoints);
        Hours = new LongKeyTable(budget.MaxKeys);
        Visitors = new LongHashSet(budget.MaxKeys);
    }

    private readonly TableBudget _budget;

    private static SymbolTable Sized(TableBudget budget, SymbolTable? like) => like is null ? new SymbolTable(budget) : SymbolTable.SizedLike(budget, like);

    /// <summary>An empty aggregator with this one's budget whose large tables have room for as many keys as this one's (see <see cref="IAggregator.CreateSizedLike"/>).</summary>
    public AccessAggregator CreateSizedLike() => new(_budget, this);

    IAggregator IAggregator.CreateSizedLike() => CreateSizedLike();

    private const int PrefetchDistance = SymbolTable.PrefetchDistance;

    private int[] _ipIds = new int[LogBatch.DefaultCapacity];
    private int[] _uaIds = new int[LogBatch.DefaultCapacity];
    private int[] _pathIds = new int[LogBatch.DefaultCapacity];
    private int[] _refererIds = new int[LogBatch.DefaultCapacity];
    private int[] _methodIds = new int[LogBatch.DefaultCapacity];
    private int[] _protocolIds = new int[LogBatch.DefaultCapacity];
    private long[] _visitorKeys = new long[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];
    private int[] _endpointIds = new int[LogBatch.DefaultCapacity];
    private int[] _newPathRecords = new int[LogBatch.DefaultCapacity]; // records whose path has no endpoint yet
    private int[] _templateEnds = new int[LogBatch.DefaultCapacity];   // where each one's template ends in _templateScratch

    /// <summary>The batch the id arrays below describe (the detections of <c>analyze --detect</c> reuse them).</summary>
    internal LogBatch? LastBatch { get; private set; }
    /// <summary>The client id of each record of <see cref="LastBatch"/> (-1: refused).</summary>
    internal int[] BatchIpIds => _ipIds;
    /// <summary>The user-agent id of each record of <see cref="LastBatch"/> (-1: null or refused).</summary>
    internal int[] BatchUaIds => _uaIds;
    /// <summary>The path id of each record of <see cref="LastBatch"/> (-1: null or refused).</summary>
    internal int[] BatchPathIds => _pathIds;
    /// <summary>The referer id of each record of <see cref="LastBatch"/> (-1: null or refused).</summary>
    internal int[] BatchRefererIds => _refererIds;
    /// <summary>The method id of each record of <see cref="LastBatch"/> (-1: null or refused).</summary>
    internal int[] BatchMethodIds => _methodIds;
    /// <summary>The protocol id of each record of <see cref="LastBatch"/> (-1: null or refused).</summary>
    internal int[] BatchProtocolIds => _protocolIds;
    /// <summary>The state last merged into this one, and the client and agent id maps of that merge.</summary>
    internal (AccessAggregator Other, int[] IpMap, int[] UaMap)? LastMerge { get; private set; }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        LastBatch = batch;
        var n = batch.Count;
        if (_ipIds.Length < n)
        {
            _ipIds = new int[batch.Capacity];
            _uaIds = new int[batch.Capacity];
            _pathIds = new int[batch.Capacity];
            _refererIds = new int[batch.Capacity];
            _methodIds = new int[batch.Capacity];
            _protocolIds = new int[batch.Capacity];
            _visitorKeys = new long[batch.Capacity];
            _hashes = new ulong[batch.Capacity];
            _endpointIds = new int[batch.Capacity];
            _newPathRecords = new int[batch.Capacity];
            _templateEnds = new int[batch.Capacity];
        }
        // The large tables (clients, visitors) miss the cache on most lookups, so they are done
        // column by column with prefetching; the rest goes record by record.
        Ips.AddColumn(batch.Ip, block, n, _ipIds, _hashes);
        AddAgents(batch, block, n);
        Paths.AddColumn(batch.Path, block, n, _pathIds, _hashes);
        Referers.AddColumn(batch.Referer, block, n, _refererIds, _hashes);
        ResolveEndpoints(batch, block, n);
        var visitors = 0;
        TableMerge.EnsureLength(ref _ipLastVisitor, Ips.IdCapacity);
        var ipLastVisitor = _ipLastVisitor;
        // Invariant: r < n; every range in the batch lies within block.
        for (var r = 0; r < n; r++)
        {
            // The per-client repeat cache is as large as the client table: fetch it ahead too.
            if (r + PrefetchDistance < n && _ipIds[r + PrefetchDistance] >= 0)
                CachePrefetch.Line(ref ipLastVisitor[_ipIds[r + PrefetchDistance]]);

            int status = batch.Status[r];
            _statusCounts[status]++;
            var is4xx = status is >= 400 and < 500;
            var is5xx = status >= 500;

            var ipId = _ipIds[r];
            if (ipId >= 0 && (is4xx || is5xx))
            {
                TableMerge.EnsureLength(ref _ipErrors, Ips.IdCapacity);
                _ipErrors[ipId]++;
            }

            _methodIds[r] = AddNullable(Methods, batch.Method[r], block);
            _protocolIds[r] = AddNullable(Protocols, batch.Protocol[r], block);

            var path = batch.Path[r];
            if (!path.IsNull)
            {
                var pathId = _pathIds[r];
                var endpointId = pathId >= 0 ? _endpointIds[r] : -1;
                if (pathId >= 0 && status == 404)
                {
                    TableMerge.EnsureLength(ref _path404, Paths.IdCapacity);
                    _path404[pathId]++;
                }
                if (endpointId >= 0)
                {
                    Endpoints.Counts[endpointId]++;
                    if (is4xx || is5xx) _endpointErrors[endpointId]++;
                    var micros = batch.RequestTimeMicros[r];
                    if (micros >= 0) (_endpointLatency[endpointId] ??= new LogHistogram()).Add(micros);
                }
                else
                {
                    Endpoints.OtherCount++;
                }
            }

            var seconds = batch.UnixSeconds[r];
            if (seconds < _minUnixSeconds) _minUnixSeconds = seconds;
            if (seconds > _maxUnixSeconds) _maxUnixSeconds = seconds;
            var hourId = Hours.Add(FloorDiv(seconds, SecondsPerHour));
            if (hourId >= 0 && (is4xx || is5xx))
            {
                TableMerge.EnsureLength(ref _hour4xx, Hours.IdCapacity);
                TableMerge.EnsureLength(ref _hour5xx, Hours.IdCapacity);
                if (is4xx) _hour4xx[hourId]++;
                else _hour5xx[hourId]++;
            }

            var uaId = _uaIds[r];
            var uaNull = batch.Agent[r].IsNull;
            if (ipId >= 0 && (uaId >= 0 || uaNull))
            {
                // A client's requests mostly repeat its last (day, agent): skip the set lookup then.
                var visitor = PackVisitor(FloorDiv(seconds, 86400), ipId, uaNull ? -1 : uaId);
                if (ipLastVisitor[ipId] != visitor + 1)
                {
                    _visitorKeys[visitors++] = visitor;
                    ipLastVisitor[ipId] = visitor + 1;
                }
            }
            else
            {
                _visitorsOther++;
                if (!batch.Ip[r].IsNull) AddRefusedVisitor(VisitorDay(seconds), batch.Ip[r].Slice(block), batch.Agent[r], block);
            }

            var bytes = batch.Bytes[r];
            if (bytes >= 0) Bytes.Add(bytes);
            else _bytesNull++;
            var requestMicros = batch.RequestTimeMicros[r];
            if (requestMicros >= 0) RequestTime.Add(requestMicros);
        }
        // Invariant: keys [0, v) are added; the slot of key v + PrefetchDistance is being fetched.
        for (var v = 0; v < visitors; v++)
        {
            if (v + PrefetchDistance < visitors) Visitors.Prefetch(_visitorKeys[v + PrefetchDistance]);
            var refused = Visitors.OtherCount;
            Visitors.Add(_visitorKeys[v]);
            if (Visitors.OtherCount != refused) AddRefusedVisitor(this, _visitorKeys[v]);
        }
        _records += n;
    }

    /// <summary>
    /// Counts the user agents. A client mostly keeps one agent, so its last agent is compared
    /// first (the key is already in cache); only a different agent is hashed and looked up.
    /// </summary>
    private void AddAgents(LogBatch batch, ReadOnlySpan<byte> block, int n)
    {
        TableMerge.EnsureLength(ref _ipLastAgent, Ips.IdCapacity);
        var lastAgent = _ipLastAgent;
        // Invariant: r < n; _ipIds[r] is set (the client column was counted first).
        for (var r = 0; r < n; r++)
        {
            var ua = batch.Agent[r];
            if (ua.IsNull)
            {
                Agents.NullCount++;
                _uaIds[r] = -1;
                continue;
            }
            var key = ua.Slice(block);
            var ipId = _ipIds[r];
            var cached = ipId >= 0 ? lastAgent[ipId] - 1 : -1;
            if (cached >= 0 && Agents.KeyOf(cached).SequenceEqual(key))
            {
                Agents.Counts[cached]++;
                _uaIds[r] = cached;
                continue;
            }
            var id = Agents.Add(key);
            _uaIds[r] = id;
            if (ipId >= 0) lastAgent[ipId] = id + 1;
        }
    }

    private static int AddNullable(SymbolTable table, ByteRange range, ReadOnlySpan<byte> block)
    {
        if (range.IsNull)
        {
            table.NullCount++;
            return -1;
        }
        return table.Add(range.Slice(block));
    }

    /// <summary>
    /// The endpoint id of each record's path (its path id's, computed the first time the path is
    /// seen; -1 when the endpoint table refused it), in <c>_endpointIds</c> for records with a path id.
    /// </summary>
    /// <remarks>
    /// On a log where most paths are new, most records look an endpoint up in a table too large
    /// for the cache: the templates of the batch's new paths are written first, then looked up
    /// in record order (the order, and so the ids and refusals, of looking each up in turn) with
    /// the table's buckets and entries fetched a few lookups ahead. A path new twice in a batch is
    /// templated twice and finds the endpoint its first lookup added.
    /// </remarks>
    private void ResolveEndpoints(LogBatch batch, ReadOnlySpan<byte> block, int n)
    {
        TableMerge.EnsureLength(ref _pathEndpoint, Paths.IdCapacity);
        var pathEndpoint = _pathEndpoint;
        var pending = 0;
        var written = 0;
        // Invariant: the templates of the first `pending` new-path records end at
        // _templateEnds[0, pending) in _templateScratch[0, written), their hashes in _hashes[0, pending).
        for (var r = 0; r < n; r++)
        {
            var pathId = _pathIds[r];
            if (pathId < 0) continue; // null or refused: no endpoint
            var cached = pathEndpoint[pathId];
            if (cached != 0)
            {
                _endpointIds[r] = cached - 1;
                continue;
            }
            var path = batch.Path[r].Slice(block);
            var room = written + (long)EndpointTemplate.MaxLength(path.Length);
            if (_templateScratch.Length < room) Array.Resize(ref _templateScratch, (int)Math.Min(Array.MaxLength, Math.Max(room, 2L * _templateScratch.Length)));
            var start = written;
            written += EndpointTemplate.Write(path, _templateScratch.AsSpan(written));
            _hashes[pending] = SymbolTable.Hash(_templateScratch.AsSpan(start, written - start));
            _templateEnds[pending] = written;
            _newPathRecords[pending++] = r;
        }
        // Invariant: the endpoints of new-path records [0, p) are looked up, cached per path id and
        // noted per record; later ones are being fetched (PrefetchAhead).
        for (var p = 0; p < pending; p++)
        {
            Endpoints.PrefetchAhead(_hashes, p, pending);
            var start = p == 0 ? 0 : _templateEnds[p - 1];
            var endpointId = Endpoints.GetOrAdd(_templateScratch.AsSpan(start, _templateEnds[p] - start), _hashes[p]);
            var r = _newPathRecords[p];
            _endpointIds[r] = endpointId;
            pathEndpoint[_pathIds[r]] = endpointId + 1; // -1 (refused) is cached as 0 and retried: the budget may not refuse forever
        }
        TableMerge.EnsureLength(ref _endpointErrors, Endpoints.IdCapacity);
        TableMerge.EnsureLength(ref _endpointLatency, Endpoints.IdCapacity);
    }
}
