using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;
using FastLog.Partials;

namespace FastLog.Aggregation;

/// <summary>Merging states of workers, and writing and reading a state as a partial.</summary>
public sealed partial class AccessAggregator
{
    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (AccessAggregator)other;
        for (var s = 0; s < _statusCounts.Length; s++) _statusCounts[s] += o._statusCounts[s];
        TableMerge.Into(Methods, o.Methods);
        TableMerge.Into(Protocols, o.Protocols);
        TableMerge.Into(Referers, o.Referers);
        var ipMap = TableMerge.Into(Ips, o.Ips);
        TableMerge.AddMapped(ref _ipErrors, Ips.IdCapacity, o._ipErrors, Math.Min(o.Ips.Count, o._ipErrors.Length), ipMap);
        var uaMap = TableMerge.Into(Agents, o.Agents);
        var pathMap = TableMerge.Into(Paths, o.Paths);
        LastMerge = (o, ipMap, uaMap);
        TableMerge.AddMapped(ref _path404, Paths.IdCapacity, o._path404, Math.Min(o.Paths.Count, o._path404.Length), pathMap);

        var endpointMap = TableMerge.Into(Endpoints, o.Endpoints);
        TableMerge.AddMapped(ref _endpointErrors, Endpoints.IdCapacity, o._endpointErrors, Math.Min(o.Endpoints.Count, o._endpointErrors.Length), endpointMap);
        TableMerge.EnsureLength(ref _endpointLatency, Endpoints.IdCapacity);
        for (var id = 0; id < Math.Min(o.Endpoints.Count, o._endpointLatency.Length); id++)
        {
            if (o._endpointLatency[id] is { } latency && endpointMap[id] >= 0)
                (_endpointLatency[endpointMap[id]] ??= new LogHistogram()).Merge(latency);
        }

        var hourMap = TableMerge.Into(Hours, o.Hours);
        TableMerge.AddMapped(ref _hour4xx, Hours.IdCapacity, o._hour4xx, Math.Min(o.Hours.Count, o._hour4xx.Length), hourMap);
        TableMerge.AddMapped(ref _hour5xx, Hours.IdCapacity, o._hour5xx, Math.Min(o.Hours.Count, o._hour5xx.Length), hourMap);

        foreach (var key in o.Visitors.Keys)
        {
            var (day, ipId, uaId) = UnpackVisitor(key);
            var ip = ipMap[ipId];
            var ua = uaId < 0 ? -1 : uaMap[uaId];
            if (ip < 0 || (uaId >= 0 && ua < 0))
            {
                _visitorsOther++;
                AddRefusedVisitor(o, key);
                continue;
            }
            var refused = Visitors.OtherCount;
            Visitors.Add(PackVisitor(day, ip, ua));
            if (Visitors.OtherCount != refused) AddRefusedVisitor(o, key);
        }
        Visitors.OtherCount += o.Visitors.OtherCount;
        _visitorsOther += o._visitorsOther;
        foreach (var (day, sketch) in o._visitorsRefused ?? [])
        {
            _visitorsRefused ??= [];
            if (_visitorsRefused.TryGetValue(day, out var mine)) mine.Merge(sketch);
            else _visitorsRefused[day] = sketch.Clone();
        }

        Bytes.Merge(o.Bytes);
        RequestTime.Merge(o.RequestTime);
        _bytesNull += o._bytesNull;
        _minUnixSeconds = Math.Min(_minUnixSeconds, o._minUnixSeconds);
        _maxUnixSeconds = Math.Max(_maxUnixSeconds, o._maxUnixSeconds);
        _records += o._records;
    }

    /// <summary>
    /// Writes every table in key order and each per-id array in its table's order; visitor keys
    /// are rewritten to those positions (ids are per worker), sorted.
    /// </summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteCounts(_statusCounts);
        Methods.WriteState(writer);
        Protocols.WriteState(writer);
        Referers.WriteState(writer);
        var ipOrder = Ips.WriteState(writer);
        writer.WriteInOrder(_ipErrors, ipOrder);
        var uaOrder = Agents.WriteState(writer);
        writer.WriteInOrder(_path404, Paths.WriteState(writer));
        var endpointOrder = Endpoints.WriteState(writer);
        writer.WriteInOrder(_endpointErrors, endpointOrder);
        LogHistogram.WriteInOrder(writer, _endpointLatency, endpointOrder);
        var hourOrder = Hours.WriteState(writer);
        writer.WriteInOrder(_hour4xx, hourOrder);
        writer.WriteInOrder(_hour5xx, hourOrder);

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
        var days = _visitorsRefused?.Keys.ToArray() ?? [];
        Array.Sort(days);
        writer.WriteUInt((ulong)days.Length);
        foreach (var day in days)
        {
            writer.WriteInt(day);
            HyperLogLog.WriteOptional(writer, _visitorsRefused![day]);
        }

        Bytes.WriteState(writer);
        RequestTime.WriteState(writer);
        writer.WriteInt(_bytesNull);
        writer.WriteInt(_visitorsOther);
        writer.WriteInt(_minUnixSeconds);
        writer.WriteInt(_maxUnixSeconds);
        writer.WriteInt(_records);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty aggregator.</summary>
    public void ReadState(PartialReader reader)
    {
        reader.ReadCounts(_statusCounts);
        Methods.ReadState(reader);
        Protocols.ReadState(reader);
        Referers.ReadState(reader);
        Ips.ReadState(reader);
        _ipErrors = reader.ReadPerId(Ips.IdCapacity);
        Agents.ReadState(reader);
        Paths.ReadState(reader);
        _path404 = reader.ReadPerId(Paths.IdCapacity);
        Endpoints.ReadState(reader);
        _endpointErrors = reader.ReadPerId(Endpoints.IdCapacity);
        _endpointLatency = LogHistogram.ReadPerId(reader, Endpoints.Count, Endpoints.IdCapacity);
        Hours.ReadState(reader);
        _hour4xx = reader.ReadPerId(Hours.IdCapacity);
        _hour5xx = reader.ReadPerId(Hours.IdCapacity);

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
            (_visitorsRefused ??= [])[day] = HyperLogLog.ReadOptional(reader) ?? new HyperLogLog();
        }

        Bytes.ReadState(reader);
        RequestTime.ReadState(reader);
        _bytesNull = reader.ReadInt();
        _visitorsOther = reader.ReadInt();
        _minUnixSeconds = reader.ReadInt();
        _maxUnixSeconds = reader.ReadInt();
        _records = reader.ReadInt();
    }

    /// <summary>The inverse of an order: for each id, its position.</summary>
    private static int[] Positions(int[] order)
    {
        var positions = new int[order.Length];
        for (var i = 0; i < order.Length; i++) positions[order[i]] = i;
        return positions;
    }
}
