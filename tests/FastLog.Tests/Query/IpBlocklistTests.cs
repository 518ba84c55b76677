using System.Text;
using FastLog.Query;
using FastLog.Query.Literals;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Query;

/// <summary>
/// <c>ip in @list</c> with large lists: ranges merged into a compact sorted set (checked against
/// a brute-force scan of the unmerged ranges), bounded memory per entry, and mixed lists
/// (addresses, CIDRs, both families, comments, blank lines, CRLF, host names) against Python's
/// <c>ipaddress</c>.
/// </summary>
public class IpBlocklistTests
{
    // Overlapping, nested, adjacent and repeated ranges of both families, merged, answer as the ranges themselves.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MergedRanges_ContainWhatTheRangesContain(int seed)
    {
        var random = new Random(seed);
        var ranges = new List<(int Family, UInt128 First, UInt128 Last)>();
        for (var i = 0; i < 2_000; i++)
        {
            var family = random.Next(2) == 0 ? IpAddressText.V4 : IpAddressText.V6;
            // A small universe so ranges overlap and touch often; the top of each family's space too.
            UInt128 top = family == IpAddressText.V4 ? uint.MaxValue : UInt128.MaxValue;
            var first = random.Next(10) == 0 ? top - (UInt128)random.Next(50) : (UInt128)random.Next(5_000);
            var last = first + (UInt128)random.Next(20);
            if (last < first || last > top) last = top;
            ranges.Add((family, first, last));
        }
        var set = IpRangeSet.Create(ranges);
        foreach (var family in new[] { IpAddressText.V4, IpAddressText.V6 })
        {
            UInt128 top = family == IpAddressText.V4 ? uint.MaxValue : UInt128.MaxValue;
            IEnumerable<UInt128> probes = [.. Enumerable.Range(0, 5_100).Select(v => (UInt128)v), .. Enumerable.Range(0, 80).Select(d => top - (UInt128)d)];
            foreach (var value in probes)
            {
                var expected = ranges.Any(r => r.Family == family && r.First <= value && value <= r.Last);
                Assert.True(expected == set.Contains(family, value), $"family {family}, value {value}");
            }
        }
        Assert.True(set.RangeCount < ranges.Count);
    }

    // 1,000,000 IPv4 entries: about 420 bytes each were allocated (a string, a byte[], a token and list
    // nodes per line); now the file, the ranges and their growth, and the merged copy.
    [Fact]
    public void MillionEntryList_CompilesInUnder64BytesPerEntry()
    {
        const int Entries = 1_000_000;
        using var dir = new TempDirectory("blocklist");
        var list = dir.File("list.txt");
        var random = new Random(128);
        var text = new StringBuilder();
        for (var i = 0; i < Entries; i++)
            text.Append(random.Next(256)).Append('.').Append(random.Next(256)).Append('.').Append(random.Next(256)).Append('.').Append(random.Next(256)).Append('\n');
        File.WriteAllText(list, text.ToString());
        var before = GC.GetAllocatedBytesForCurrentThread();
        var filter = RecordFilter.Compile($"ip in @{list}", 0);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(filter.CreatePredicate());
        Assert.True(allocated < 64L * Entries, $"{allocated / (double)Entries:F1} bytes per entry");
    }

    [Fact]
    public void MixedList_MatchesIpaddressOracle()
    {
        using var dir = new TempDirectory("blocklist");
        var random = new Random(812);
        string V4() => $"{random.Next(4)}.{random.Next(4)}.{random.Next(256)}.{random.Next(256)}";
        string V6() => $"2001:db8:{random.Next(4):x}::{random.Next(65536):x}";
        var list = new StringBuilder("# a blocklist\n\n");
        for (var i = 0; i < 3_000; i++)
        {
            list.Append(random.Next(8) switch
            {
                0 => $"{random.Next(4)}.{random.Next(4)}.{random.Next(256)}.0/{random.Next(20, 33)}",
                1 => $"2001:db8:{random.Next(4):x}::/{random.Next(40, 129)}",
                2 => $"  ::ffff:{V4()} \r",
                3 => V6().ToUpperInvariant(),
                4 => "# comment " + i,
                5 => "",
                _ => V4(),
            }).Append('\n');
        }
        list.Append("host.example.com\n");
        File.WriteAllText(dir.File("list.txt"), list.ToString());
        var lines = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            var ip = random.Next(10) switch { 0 => "host.example.com", 1 => "other.example.com", 2 or 3 or 4 => V6(), 5 => "::ffff:" + V4(), _ => V4() };
            lines.Append($"{ip} - - [01/Mar/2024:10:00:00 +0000] \"GET /{i} HTTP/1.1\" 200 5 \"-\" \"x\"\n");
        }
        File.WriteAllText(dir.File("a.log"), lines.ToString());
        var actual = FastLogCli.Run("filter", dir.File("a.log"), "--where", $"ip in @{dir.File("list.txt")}").Ok();
        File.WriteAllText(dir.File("oracle.py"), """
            import ipaddress, sys
            def norm(a):
                return a.ipv4_mapped if a.version == 6 and a.ipv4_mapped is not None else a
            nets, names = [], set()
            for raw in open(sys.argv[1], newline=''):
                v = raw.strip(' \t\r\n')
                if not v or v.startswith('#'):
                    continue
                try:
                    n = ipaddress.ip_network(v, strict=False)
                    if n.version == 6 and n.prefixlen >= 96 and n.network_address.ipv4_mapped is not None:
                        n = ipaddress.ip_network('%s/%d' % (n.network_address.ipv4_mapped, n.prefixlen - 96))
                    nets.append(n)
                except ValueError:
                    names.add(v)
            for line in open(sys.argv[2]):
                ip = line.split(' ', 1)[0]
                try:
                    a = norm(ipaddress.ip_address(ip))
                    hit = any(a.version == n.version and a in n for n in nets)
                except ValueError:
                    hit = ip in names
                if hit:
                    sys.stdout.write(line)
            """);
        var expected = Shell.Run($"python3 {dir.File("oracle.py")} {dir.File("list.txt")} {dir.File("a.log")}");
        Assert.True(expected.Length > 1000, "the oracle selects a fair share of the lines");
        Assert.Equal(expected, actual);
    }
}
