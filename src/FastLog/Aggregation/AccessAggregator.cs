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
public sealed class AccessAggregator : IAggregator
{
    /// <summary>Hours (and days) are bucketed with floor division so instants before 1970 fall in the right bucket.</summary>
    public const long SecondsPerHour = 3600;

    private const int VisitorIdBits = 22;
    // 63, not 64: a visitor key must stay non-negative (the key set reserves negative values), so
    // the day has 19 bits, days 0 to 524,287 after 1970 (up to the year 3405); later days share the last.
    private const int VisitorDayBits = 63 - 2 * VisitorIdBits;

    /// <summary>Records per status code (index = code, 100–599).</summary>
    public readonly long[] StatusCounts = new long[600];
    /// <summary>Request methods.</summary>
    public readonly SymbolTable Methods;
    /// <summary>Request protocols.</summary>
    public readonly SymbolTable Protocols;
    /// <summary>Client addresses.</summary>
    public readonly SymbolTable Ips;
    /// <summary>Paths without query.</summary>
    public readonly SymbolTable Paths;
    /// <summary>User agents.</summary>
    public readonly SymbolTable Agents;
    /// <summary>Referers.</summary>
    public readonly SymbolTable Referers;
    /// <summary>Endpoint templates (<see cref="EndpointTemplate"/>).</summary>
    public readonly SymbolTable Endpoints;
    /// <summary>UTC hour buckets (Unix seconds / 3600).</summary>
    public readonly LongKeyTable Hours;
    /// <summary>
    /// Distinct (UTC day, client, user agent) triples: GoAccess's unique visitors. A set of
    /// packed ids, bounded by the budget; visitors it cannot hold go to <see cref="VisitorsRefused"/>.
    /// </summary>
    public readonly LongHashSet Visitors;
    /// <summary>
    /// Per UTC day, a sketch of the visitors <see cref="Visitors"/> does not hold (their client or
    /// agent refused by its table, or the set full), by key bytes; null until the first.
    /// </summary>
    public Dictionary<long, HyperLogLog>? VisitorsRefused;

    /// <summary>4xx and 5xx responses per client id.</summary>
    public long[] IpErrors = new long[1024];
    /// <summary>404 responses per path id.</summary>
    public long[] Path404 = new long[1024];
    /// <summary>4xx responses per hour id.</summary>
    public long[] Hour4xx = new long[256];
    /// <summary>5xx responses per hour id.</summary>
    public long[] Hour5xx = new long[256];
    /// <summary>4xx and 5xx responses per endpoint id.</summary>
    public long[] EndpointErrors = new long[256];
    /// <summary>Request time per endpoint id (null until the endpoint has one).</summary>
    public LogHistogram?[] EndpointLatency = new LogHistogram?[256];
    /// <summary>Response bytes (records with <c>-</c> are not in it).</summary>
    public readonly LogHistogram Bytes = new();
    /// <summary>Request time in microseconds.</summary>
    public readonly LogHistogram RequestTime = new();
    /// <summary>Records whose bytes were <c>-</c>.</summary>
    public long BytesNull;
    /// <summary>Records not counted as visitors because a client or agent key was refused by its budget.</summary>
    public long VisitorsOther;
    /// <summary>Earliest timestamp (Unix seconds); <see cref="long.MaxValue"/> when none.</summary>
    public long MinUnixSeconds = long.MaxValue;
    /// <summary>Latest timestamp (Unix seconds); <see cref="long.MinValue"/> when none.</summary>
    public long MaxUnixSeconds = long.MinValue;
    /// <summary>Records in total.</summary>
    public long Records;

    /// <inheritdoc/>
    public bool IsApproximate => Methods.IsApproximate || Protocols.IsApproximate || Ips.IsApproximate || Paths.IsApproximate || Agents.IsApproximate
        || Referers.IsApproximate || Endpoints.IsApproximate || Hours.IsApproximate || Visitors.IsApproximate || VisitorsRefused is not null;

    private int[] _pathEndpoint = new int[1024]; // path id -> endpoint id + 1 (0 = not yet computed)
    private byte[] _templateScratch = new byte[4096];
    private long[] _ipLastVisitor = new long[1024]; // client id -> its last visitor key + 1 (0 = none)
    private int[] _ipLastAgent = new int[1024]; // client id -> its last agent id + 1 (0 = none)

    /// <summary>Creates an empty aggregator whose per-key tables have <paramref name="budget"/> each.</summary>
    public AccessAggregator(TableBudget budget)
    {
        // Visitor keys pack client and agent ids in 22 bits each.
        var idBudget = budget with { MaxKeys = Math.Min(budget.MaxKeys, (1 << VisitorIdBits) - 2) };
        Methods = new SymbolTable(budget, 16);
        Protocols = new SymbolTable(budget, 16);
        Ips = new SymbolTable(idBudget);
        Paths = new SymbolTable(budget);
        Agents = new SymbolTable(idBudget);
        Referers = new SymbolTable(budget);
        Endpoints = new SymbolTable(budget);
        Hours = new LongKeyTable(budget.MaxKeys);
        Visitors = new LongHashSet(budget.MaxKeys);
    }

    private const int PrefetchDistance = SymbolTable.PrefetchDistance;

    private int[] _ipIds = new int[LogBatch.DefaultCapacity];
    private int[] _uaIds = new int[LogBatch.DefaultCapacity];
    private int[] _pathIds = new int[LogBatch.DefaultCapacity];
    private int[] _refererIds = new int[LogBatch.DefaultCapacity];
    private int[] _methodIds = new int[LogBatch.DefaultCapacity];
    private int[] _protocolIds = new int[LogBatch.DefaultCapacity];
    private long[] _visitorKeys = new long[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

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
        }
        // The large tables (clients, visitors) miss the cache on most lookups, so they are done
        // column by column with prefetching; the rest goes record by record.
        Ips.AddColumn(batch.Ip, block, n, _ipIds, _hashes);
        AddAgents(batch, block, n);
        Paths.AddColumn(batch.Path, block, n, _pathIds, _hashes);
        Referers.AddColumn(batch.Referer, block, n, _refererIds, _hashes);
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
            StatusCounts[status]++;
            var is4xx = status is >= 400 and < 500;
            var is5xx = status >= 500;

            var ipId = _ipIds[r];
            if (ipId >= 0 && (is4xx || is5xx))
            {
                TableMerge.EnsureLength(ref IpErrors, Ips.IdCapacity);
                IpErrors[ipId]++;
            }

            _methodIds[r] = AddNullable(Methods, batch.Method[r], block);
            _protocolIds[r] = AddNullable(Protocols, batch.Protocol[r], block);

            var path = batch.Path[r];
            if (!path.IsNull)
            {
                var pathId = _pathIds[r];
                var endpointId = pathId >= 0 ? EndpointOf(pathId, path.Slice(block)) : -1;
                if (pathId >= 0 && status == 404)
                {
                    TableMerge.EnsureLength(ref Path404, Paths.IdCapacity);
                    Path404[pathId]++;
                }
                if (endpointId >= 0)
                {
                    Endpoints.Counts[endpointId]++;
                    if (is4xx || is5xx) EndpointErrors[endpointId]++;
                    var micros = batch.RequestTimeMicros[r];
                    if (micros >= 0) (EndpointLatency[endpointId] ??= new LogHistogram()).Add(micros);
                }
                else
                {
                    Endpoints.OtherCount++;
                }
            }

            var seconds = batch.UnixSeconds[r];
            if (seconds < MinUnixSeconds) MinUnixSeconds = seconds;
            if (seconds > MaxUnixSeconds) MaxUnixSeconds = seconds;
            var hourId = Hours.Add(FloorDiv(seconds, SecondsPerHour));
            if (hourId >= 0 && (is4xx || is5xx))
            {
                TableMerge.EnsureLength(ref Hour4xx, Hours.IdCapacity);
                TableMerge.EnsureLength(ref Hour5xx, Hours.IdCapacity);
                if (is4xx) Hour4xx[hourId]++;
                else Hour5xx[hourId]++;
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
                VisitorsOther++;
                if (!batch.Ip[r].IsNull) AddRefusedVisitor(VisitorDay(seconds), batch.Ip[r].Slice(block), batch.Agent[r], block);
            }

            var bytes = batch.Bytes[r];
            if (bytes >= 0) Bytes.Add(bytes);
            else BytesNull++;
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
        Records += n;
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

    /// <summary>The endpoint id of a path id, computing its template the first time the path is seen.</summary>
    private int EndpointOf(int pathId, ReadOnlySpan<byte> path)
    {
        TableMerge.EnsureLength(ref _pathEndpoint, Paths.IdCapacity);
        var cached = _pathEndpoint[pathId];
        if (cached != 0) return cached - 1;
        var maxLength = EndpointTemplate.MaxLength(path.Length);
        if (_templateScratch.Length < maxLength) _templateScratch = new byte[maxLength];
        var length = EndpointTemplate.Write(path, _templateScratch);
        var endpointId = Endpoints.GetOrAdd(_templateScratch.AsSpan(0, length));
        if (endpointId >= 0)
        {
            TableMerge.EnsureLength(ref EndpointErrors, Endpoints.IdCapacity);
            TableMerge.EnsureLength(ref EndpointLatency, Endpoints.IdCapacity);
        }
        _pathEndpoint[pathId] = endpointId + 1; // -1 (refused) is cached as 0 and retried: the budget may not refuse forever
        return endpointId;
    }

    /// <summary>Notes a visitor (day, client bytes, agent) the visitor set cannot hold, in its day's sketch.</summary>
    private void AddRefusedVisitor(long day, ReadOnlySpan<byte> ip, ByteRange ua, ReadOnlySpan<byte> block)
        => AddRefusedVisitor(day, ip, ua.IsNull ? default : ua.Slice(block), !ua.IsNull);

    /// <summary>Notes the visitor of packed <paramref name="key"/>, whose ids are <paramref name="owner"/>'s, in its day's sketch.</summary>
    private void AddRefusedVisitor(AccessAggregator owner, long key)
    {
        var (day, ipId, uaId) = UnpackVisitor(key);
        AddRefusedVisitor(day, owner.Ips.KeyOf(ipId), uaId < 0 ? default : owner.Agents.KeyOf(uaId), uaId >= 0);
    }

    private void AddRefusedVisitor(long day, ReadOnlySpan<byte> ip, ReadOnlySpan<byte> ua, bool hasAgent)
    {
        VisitorsRefused ??= [];
        if (!VisitorsRefused.TryGetValue(day, out var sketch)) VisitorsRefused[day] = sketch = new HyperLogLog();
        sketch.Add(VisitorHash(ip, ua, hasAgent));
    }

    /// <summary>The sketch hash of a visitor of one day: client and agent (null: a fixed value) combined.</summary>
    private static ulong VisitorHash(ReadOnlySpan<byte> ip, ReadOnlySpan<byte> ua, bool hasAgent)
    {
        // No agent and an empty agent differ: the former gets a fixed value ("no-agent") as its hash.
        var agent = hasAgent ? HyperLogLog.Hash(ua) : 0x6E_6F_2D_61_67_65_6E_74UL;
        return HyperLogLog.Hash(HyperLogLog.Hash(ip) ^ System.Numerics.BitOperations.RotateLeft(agent, 29));
    }

    /// <summary>
    /// Unique visitors per UTC day: exact from <see cref="Visitors"/> for days whose visitors all
    /// fit, else the day's sketch united with the stored visitors of that day (within 2 %, at
    /// least the stored count). <paramref name="approximate"/> says whether any day is estimated.
    /// </summary>
    public Dictionary<long, long> UniqueVisitorsPerDay(out bool approximate)
    {
        var perDay = new Dictionary<long, long>();
        var estimated = new Dictionary<long, HyperLogLog>();
        foreach (var (day, sketch) in VisitorsRefused ?? []) estimated[day] = sketch.Clone();
        foreach (var key in Visitors.Keys)
        {
            var (day, ipId, uaId) = UnpackVisitor(key);
            perDay[day] = perDay.GetValueOrDefault(day) + 1;
            if (estimated.TryGetValue(day, out var sketch)) sketch.Add(VisitorHash(Ips.KeyOf(ipId), uaId < 0 ? default : Agents.KeyOf(uaId), uaId >= 0));
        }
        foreach (var (day, sketch) in estimated) perDay[day] = Math.Max(perDay.GetValueOrDefault(day), sketch.Estimate());
        approximate = estimated.Count > 0;
        return perDay;
    }

    /// <summary>The visitor day of an instant: UTC days since 1970, within the 20 bits a packed key holds.</summary>
    private static long VisitorDay(long unixSeconds) => Math.Clamp(FloorDiv(unixSeconds, 86400), 0, (1L << VisitorDayBits) - 1);

    /// <summary>Packs (day, client id, agent id + 1) into 64 bits: 20 + 22 + 22.</summary>
    public static long PackVisitor(long day, int ipId, int uaId)
    {
        var d = (ulong)Math.Clamp(day, 0, (1L << VisitorDayBits) - 1); // as VisitorDay
        return (long)((d << (2 * VisitorIdBits)) | ((ulong)(uint)ipId << VisitorIdBits) | (uint)(uaId + 1));
    }

    /// <summary>Unpacks a visitor key.</summary>
    public static (long Day, int IpId, int UaId) UnpackVisitor(long key)
    {
        var k = (ulong)key;
        const ulong idMask = (1UL << VisitorIdBits) - 1;
        return ((long)(k >> (2 * VisitorIdBits)), (int)((k >> VisitorIdBits) & idMask), (int)(k & idMask) - 1);
    }

    /// <summary>Floor division (rounds toward negative infinity).</summary>
    public static long FloorDiv(long a, long b)
    {
        var q = Math.DivRem(a, b, out var r);
        return r < 0 ? q - 1 : q;
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (AccessAggregator)other;
        for (var s = 0; s < StatusCounts.Length; s++) StatusCounts[s] += o.StatusCounts[s];
        TableMerge.Into(Methods, o.Methods);
        TableMerge.Into(Protocols, o.Protocols);
        TableMerge.Into(Referers, o.Referers);
        var ipMap = TableMerge.Into(Ips, o.Ips);
        TableMerge.AddMapped(ref IpErrors, Ips.IdCapacity, o.IpErrors, Math.Min(o.Ips.Count, o.IpErrors.Length), ipMap);
        var uaMap = TableMerge.Into(Agents, o.Agents);
        var pathMap = TableMerge.Into(Paths, o.Paths);
        LastMerge = (o, ipMap, uaMap);
        TableMerge.AddMapped(ref Path404, Paths.IdCapacity, o.Path404, Math.Min(o.Paths.Count, o.Path404.Length), pathMap);

        var endpointMap = TableMerge.Into(Endpoints, o.Endpoints);
        TableMerge.AddMapped(ref EndpointErrors, Endpoints.IdCapacity, o.EndpointErrors, Math.Min(o.Endpoints.Count, o.EndpointErrors.Length), endpointMap);
        TableMerge.EnsureLength(ref EndpointLatency, Endpoints.IdCapacity);
        for (var id = 0; id < Math.Min(o.Endpoints.Count, o.EndpointLatency.Length); id++)
        {
            if (o.EndpointLatency[id] is { } latency && endpointMap[id] >= 0)
                (EndpointLatency[endpointMap[id]] ??= new LogHistogram()).Merge(latency);
        }

        var hourMap = TableMerge.Into(Hours, o.Hours);
        TableMerge.AddMapped(ref Hour4xx, Hours.IdCapacity, o.Hour4xx, Math.Min(o.Hours.Count, o.Hour4xx.Length), hourMap);
        TableMerge.AddMapped(ref Hour5xx, Hours.IdCapacity, o.Hour5xx, Math.Min(o.Hours.Count, o.Hour5xx.Length), hourMap);

        foreach (var key in o.Visitors.Keys)
        {
            var (day, ipId, uaId) = UnpackVisitor(key);
            var ip = ipMap[ipId];
            var ua = uaId < 0 ? -1 : uaMap[uaId];
            if (ip < 0 || (uaId >= 0 && ua < 0))
            {
                VisitorsOther++;
                AddRefusedVisitor(o, key);
                continue;
            }
            var refused = Visitors.OtherCount;
            Visitors.Add(PackVisitor(day, ip, ua));
            if (Visitors.OtherCount != refused) AddRefusedVisitor(o, key);
        }
        Visitors.OtherCount += o.Visitors.OtherCount;
        VisitorsOther += o.VisitorsOther;
        foreach (var (day, sketch) in o.VisitorsRefused ?? [])
        {
            VisitorsRefused ??= [];
            if (VisitorsRefused.TryGetValue(day, out var mine)) mine.Merge(sketch);
            else VisitorsRefused[day] = sketch.Clone();
        }

        Bytes.Merge(o.Bytes);
        RequestTime.Merge(o.RequestTime);
        BytesNull += o.BytesNull;
        MinUnixSeconds = Math.Min(MinUnixSeconds, o.MinUnixSeconds);
        MaxUnixSeconds = Math.Max(MaxUnixSeconds, o.MaxUnixSeconds);
        Records += o.Records;
    }

    /// <summary>
    /// Writes every table in key order and each per-id array in its table's order; visitor keys
    /// are rewritten to those positions (ids are per worker), sorted.
    /// </summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteCounts(StatusCounts);
        Methods.WriteState(writer);
        Protocols.WriteState(writer);
        Referers.WriteState(writer);
        var ipOrder = Ips.WriteState(writer);
        writer.WriteInOrder(IpErrors, ipOrder);
        var uaOrder = Agents.WriteState(writer);
        writer.WriteInOrder(Path404, Paths.WriteState(writer));
        var endpointOrder = Endpoints.WriteState(writer);
        writer.WriteInOrder(EndpointErrors, endpointOrder);
        LogHistogram.WriteInOrder(writer, EndpointLatency, endpointOrder);
        var hourOrder = Hours.WriteState(writer);
        writer.WriteInOrder(Hour4xx, hourOrder);
        writer.WriteInOrder(Hour5xx, hourOrder);

        var ipPosition = Positions(ipOrder);
        var uaPosition = Positions(uaOrder);
        var visitors = new long[Visitors.Count];
        var v = 0;
        foreach (var key in Visitors.Keys)
        {
            var (day, ipId, uaId) = UnpackVisitor(key);
            visitors[v++] = PackVisitor(day, ipPosition[ipId], uaId < 0 ? -1 : uaPosition[uaId]);
        }
        Array.Sort(visitors);
        writer.WriteUInt((ulong)visitors.Length);
        foreach (var key in visitors) writer.WriteInt(key);
        writer.WriteInt(Visitors.OtherCount);
        var days = VisitorsRefused?.Keys.ToArray() ?? [];
        Array.Sort(days);
        writer.WriteUInt((ulong)days.Length);
        foreach (var day in days)
        {
            writer.WriteInt(day);
            HyperLogLog.WriteOptional(writer, VisitorsRefused![day]);
        }

        Bytes.WriteState(writer);
        RequestTime.WriteState(writer);
        writer.WriteInt(BytesNull);
        writer.WriteInt(VisitorsOther);
        writer.WriteInt(MinUnixSeconds);
        writer.WriteInt(MaxUnixSeconds);
        writer.WriteInt(Records);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty aggregator.</summary>
    public void ReadState(PartialReader reader)
    {
        reader.ReadCounts(StatusCounts);
        Methods.ReadState(reader);
        Protocols.ReadState(reader);
        Referers.ReadState(reader);
        Ips.ReadState(reader);
        IpErrors = reader.ReadPerId(Ips.IdCapacity);
        Agents.ReadState(reader);
        Paths.ReadState(reader);
        Path404 = reader.ReadPerId(Paths.IdCapacity);
        Endpoints.ReadState(reader);
        EndpointErrors = reader.ReadPerId(Endpoints.IdCapacity);
        EndpointLatency = LogHistogram.ReadPerId(reader, Endpoints.Count, Endpoints.IdCapacity);
        Hours.ReadState(reader);
        Hour4xx = reader.ReadPerId(Hours.IdCapacity);
        Hour5xx = reader.ReadPerId(Hours.IdCapacity);

        var visitors = reader.ReadCount(reader.Remaining);
        for (var i = 0; i < visitors; i++)
        {
            var key = reader.ReadInt();
            var (_, ipId, uaId) = UnpackVisitor(key);
            if (key < 0 || ipId >= Ips.Count || uaId >= Agents.Count) throw new InvalidDataException("corrupt partial: a visitor names an unknown client or agent");
            Visitors.Add(key);
        }
        Visitors.OtherCount = reader.ReadInt();
        var days = reader.ReadCount(reader.Remaining);
        for (var i = 0; i < days; i++)
        {
            var day = reader.ReadInt();
            (VisitorsRefused ??= [])[day] = HyperLogLog.ReadOptional(reader) ?? new HyperLogLog();
        }

        Bytes.ReadState(reader);
        RequestTime.ReadState(reader);
        BytesNull = reader.ReadInt();
        VisitorsOther = reader.ReadInt();
        MinUnixSeconds = reader.ReadInt();
        MaxUnixSeconds = reader.ReadInt();
        Records = reader.ReadInt();
    }

    /// <summary>The inverse of an order: for each id, its position.</summary>
    private static int[] Positions(int[] order)
    {
        var positions = new int[order.Length];
        for (var i = 0; i < order.Length; i++) positions[order[i]] = i;
        return positions;
    }
}
