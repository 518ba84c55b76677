using FastLog.Aggregation.Sketches;
using FastLog.Columns;

namespace FastLog.Aggregation;

/// <summary>Unique visitors: packed (day, client id, agent id) keys, and a per-day sketch of those the set cannot hold.</summary>
public sealed partial class AccessAggregator
{
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
        _visitorsRefused ??= [];
        if (!_visitorsRefused.TryGetValue(day, out var sketch)) _visitorsRefused[day] = sketch = new HyperLogLog();
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
        foreach (var (day, sketch) in _visitorsRefused ?? []) estimated[day] = sketch.Clone();
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
}
