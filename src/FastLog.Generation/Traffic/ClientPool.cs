using System.Runtime.CompilerServices;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>
/// The clients of background traffic: a few named heavy hitters (search crawlers, a health
/// check, NAT gateways, an API partner), then a Zipf-skewed population sized from the expected
/// line count, about 6 % IPv6, each with a sticky user agent; plus transient one-off visitors
/// drawn fresh per request. About 50,000 distinct addresses per 10 million lines.
/// </summary>
/// <remarks>
/// Addresses in <see cref="AttackOctets"/> and the IPv6 prefix <c>2a0e::/16</c> are never used
/// here: they are reserved for injected attack scenarios, so a scenario's address in the file
/// belongs to that scenario alone.
/// </remarks>
internal sealed class ClientPool
{
    /// <summary>First octets of IPv4 addresses that only attack scenarios use.</summary>
    public static ReadOnlySpan<byte> AttackOctets => [45, 91, 185, 193, 194, 195];

    /// <summary>First 16 bits of IPv6 addresses that only attack scenarios use.</summary>
    public const ushort AttackIpv6Prefix = 0x2a0e;

    /// <summary>Share of requests (per 65,536) from transient one-off visitors.</summary>
    public const uint TransientPer65536 = 98; // 0.15 %

    /// <summary>Zipf population per expected line (plus transients, about 50k distinct per 10M lines).</summary>
    private const double PopulationPerLine = 0.0035;

    private static readonly byte[] BackgroundOctets = BuildBackgroundOctets();
    private static readonly ushort[] BackgroundIpv6Prefixes = [0x2001, 0x2003, 0x2400, 0x2404, 0x2600, 0x2601, 0x2603, 0x2605, 0x2804, 0x2a00, 0x2a01, 0x2a02, 0x2a03];

    /// <summary>Protocols, by <see cref="ClientProfile.Protocol"/>.</summary>
    public static readonly byte[][] Protocols = ["HTTP/1.1"u8.ToArray(), "HTTP/2.0"u8.ToArray(), "HTTP/1.0"u8.ToArray()];

    /// <summary>Client addresses, UTF-8.</summary>
    public FrozenUtf8Strings Addresses { get; }
    /// <summary>User names, UTF-8.</summary>
    public FrozenUtf8Strings Users { get; }
    /// <summary>The clients; index 0.. are the heavy hitters, then Zipf rank order.</summary>
    public ClientProfile[] Profiles { get; }

    private readonly AliasTable _table;
    private readonly AliasTable _browserAgents;

    /// <summary>False when the pool is the whole client set (<c>--clients</c>): no transient visitors.</summary>
    public bool HasTransients { get; }

    /// <summary>
    /// The pool for a log of about <paramref name="expectedLines"/> lines, or of exactly
    /// <paramref name="clients"/> addresses (heavy hitters included) when that is given.
    /// </summary>
    public ClientPool(long expectedLines, UserAgentCatalog agents, ulong seed, int? clients = null)
    {
        HasTransients = clients is null;
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.Clients, 0));
        var addresses = new Utf8StringPool();
        var seen = new HashSet<UInt128>();
        var profiles = new List<ClientProfile>();
        var weights = new List<double>();
        _browserAgents = new AliasTable(agents.WeightsOf(ClientClass.Browser));
        var users = BuildUsers(ref rng);
        Users = users.Freeze();
        var scratch = new byte[64];

        int AddAddress(bool v6, UInt128 bits)
        {
            var cursor = new ByteCursor(scratch, 0);
            WriteAddress(ref cursor, v6, bits);
            return addresses.Add(scratch.AsSpan(0, cursor.Position));
        }

        // Heavy hitters, with fixed shares of all requests.
        var heavy = new (double Share, string Agent, ClientClass Class, bool Rotates, string? Ip, bool V6)[]
        {
            (0.015, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ClientClass.Crawler, false, "66.249.66.1", false),
            (0.010, "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.175 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ClientClass.Crawler, false, "66.249.66.84", false),
            (0.012, "kube-probe/1.29", ClientClass.Monitor, false, "10.0.3.17", false),
            (0.008, "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", ClientClass.Crawler, false, "157.55.39.12", false),
            (0.010, "", ClientClass.Browser, true, null, false),
            (0.006, "", ClientClass.Browser, true, null, true),
            (0.008, "python-requests/2.31.0", ClientClass.Tool, false, "34.107.221.82", false),
            (0.005, "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", ClientClass.Crawler, false, "54.36.148.92", false),
            (0.003, "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", ClientClass.Monitor, false, "69.162.124.235", false),
        };
        var heavyShare = 0.0;
        foreach (var h in heavy)
        {
            int ip;
            if (h.Ip is not null)
            {
                ip = addresses.Add(h.Ip);
                seen.Add(IPv4Bits(h.Ip));
            }
            else
            {
                var bits = RandomAddress(ref rng, h.V6);
                seen.Add(bits);
                ip = AddAddress(h.V6, bits);
            }
            var ua = h.Rotates ? (short)0 : (short)agents.IndexOf(h.Agent);
            if (ua < 0) throw new InvalidOperationException($"unknown agent {h.Agent}");
            profiles.Add(new ClientProfile(ip, ua, -1, h.Class == ClientClass.Browser ? (byte)1 : (byte)0, h.Class, h.Rotates, true));
            weights.Add(h.Share);
            heavyShare += h.Share;
        }

        // The population.
        var population = clients is { } wanted
            ? Math.Max(1, wanted - heavy.Length)
            : (int)Math.Clamp(expectedLines * PopulationPerLine, 500, 4_000_000);
        var zipf = AliasTable.ZipfWeights(population, 1.0, 10.0);
        var zipfSum = zipf.Sum();
        var agentTable = new AliasTable(agents.Weights);
        for (var r = 0; r < population; r++)
        {
            var v6 = rng.NextDouble() < 0.06;
            UInt128 bits;
            do bits = RandomAddress(ref rng, v6);
            while (!seen.Add(bits));
            var ip = AddAddress(v6, bits);
            var ua = (short)agentTable.Sample(ref rng);
            var cls = agents.Classes[ua];
            var browser = cls == ClientClass.Browser;
            var rotates = browser && rng.NextDouble() < 0.03;
            var user = browser && rng.NextDouble() < 0.015 ? (short)rng.NextBelow((uint)Users.Count) : (short)-1;
            var protocol = browser
                ? (byte)(rng.NextDouble() < 0.65 ? 1 : rng.NextDouble() < 0.97 ? 0 : 2)
                : (byte)(rng.NextDouble() < 0.92 ? 0 : 2);
            profiles.Add(new ClientProfile(ip, ua, user, protocol, cls, rotates, false));
            weights.Add((1 - heavyShare) * zipf[r] / zipfSum);
        }
        Addresses = addresses.Freeze();
        Profiles = [.. profiles];
        _table = new AliasTable([.. weights]);
    }

    /// <summary>A client of the pool (not a transient one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly ClientProfile Sample(ref Xoshiro256PlusPlus rng) => ref Profiles[_table.Sample(ref rng)];

    /// <summary>A browser user agent (for rotating and transient clients).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SampleBrowserAgent(ref Xoshiro256PlusPlus rng) => _browserAgents.Sample(ref rng);

    /// <summary>Writes a fresh background address (6 % IPv6) for a transient visitor.</summary>
    public static void WriteTransientAddress(ref ByteCursor cursor, ref Xoshiro256PlusPlus rng)
    {
        var v6 = rng.Chance(3932); // 6 %
        WriteAddress(ref cursor, v6, RandomAddress(ref rng, v6));
    }

    /// <summary>
    /// A random public-looking address outside the attack ranges: IPv4 as a value below 2^32, or
    /// IPv6 as all 128 bits (its first group is 0x2xxx, so the two never collide). Every IPv6
    /// group written is non-zero except the run that "::" stands for, so the text is canonical
    /// (RFC 5952) and distinct values give distinct text.
    /// </summary>
    private static UInt128 RandomAddress(ref Xoshiro256PlusPlus rng, bool v6)
    {
        if (!v6)
        {
            var first = BackgroundOctets[rng.NextBelow((uint)BackgroundOctets.Length)];
            var middle = (uint)rng.NextUInt64() & 0xFFFF;
            var last = 1 + rng.NextBelow(254);
            return ((uint)first << 24) | (middle << 8) | last;
        }
        var prefix = BackgroundIpv6Prefixes[rng.NextBelow((uint)BackgroundIpv6Prefixes.Length)];
        var hi = ((ulong)prefix << 48) | (rng.NextUInt64() & 0xFFFFFFFFFFFFUL) | 0x0000_0001_0001_0001UL;
        var lo = rng.NextUInt64();
        // Half look like routed prefixes with a short host part (prefix:a:b:c::d), half like SLAAC.
        lo = (lo & 1) == 0 ? (lo >> 48) | 1 : lo | 0x0001_0001_0001_0001UL;
        return new UInt128(hi, lo);
    }

    private static void WriteAddress(ref ByteCursor cursor, bool v6, UInt128 bits)
    {
        if (!v6)
        {
            var v = (uint)bits;
            cursor.WriteDecimal(v >> 24);
            cursor.Write((byte)'.');
            cursor.WriteDecimal((v >> 16) & 0xFF);
            cursor.Write((byte)'.');
            cursor.WriteDecimal((v >> 8) & 0xFF);
            cursor.Write((byte)'.');
            cursor.WriteDecimal(v & 0xFF);
            return;
        }
        WriteGroups(ref cursor, (ulong)(bits >> 64));
        var lo = (ulong)bits;
        if (lo <= 0xFFFF)
        {
            // prefix:a:b:c::d — the three zero groups compress to "::".
            cursor.Write((byte)':', (byte)':');
            cursor.WriteHex((uint)lo);
            return;
        }
        cursor.Write((byte)':');
        WriteGroups(ref cursor, lo);
    }

    private static void WriteGroups(ref ByteCursor cursor, ulong groups)
    {
        for (var i = 3; i >= 0; i--)
        {
            cursor.WriteHex((uint)(groups >> (16 * i)) & 0xFFFF);
            if (i > 0) cursor.Write((byte)':');
        }
    }

    private static UInt128 IPv4Bits(string ip)
    {
        var parts = ip.Split('.');
        return (uint.Parse(parts[0]) << 24) | (uint.Parse(parts[1]) << 16) | (uint.Parse(parts[2]) << 8) | uint.Parse(parts[3]);
    }

    private static byte[] BuildBackgroundOctets()
    {
        var list = new List<byte>();
        for (var o = 1; o <= 223; o++)
        {
            if (o is 10 or 100 or 127 or 169 or 172 or 192 or 198 or 203) continue; // private, shared, loopback, link-local, test nets
            if (AttackOctets.Contains((byte)o)) continue;
            list.Add((byte)o);
        }
        return [.. list];
    }

    private static Utf8StringPool BuildUsers(ref Xoshiro256PlusPlus rng)
    {
        var first = "alice bob carol dave erin frank grace heidi ivan judy mallory niaj olivia peggy rupert sybil trent victor walter yuki".Split(' ');
        var last = "smith jones brown taylor wilson davies evans thomas roberts walker wright thompson white hughes edwards".Split(' ');
        var pool = new Utf8StringPool();
        foreach (var f in first) pool.Add(f);
        foreach (var service in new[] { "svc-backup", "deploy", "ci-runner", "grafana", "reporting" }) pool.Add(service);
        for (var i = 0; i < 100; i++)
        {
            var f = first[rng.NextBelow((uint)first.Length)];
            var l = last[rng.NextBelow((uint)last.Length)];
            pool.Add(rng.NextBelow(2) == 0 ? $"{f}.{l}" : $"{f[0]}{l}{rng.NextBelow(90) + 10}");
        }
        return pool;
    }
}
