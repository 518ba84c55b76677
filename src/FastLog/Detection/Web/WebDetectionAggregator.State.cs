using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Partials;

namespace FastLog.Detection.Web;

// Merging worker states, and the state's partial-file form (merge of saved partials).
public sealed partial class WebDetectionAggregator
{
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
}
