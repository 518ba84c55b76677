using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using FastLog.Query.Literals;

namespace FastLog.Tests.Query;

/// <summary>
/// CIDR networks of <c>ip in</c> against <see cref="IPNetwork"/>, for every prefix length of
/// both families, on seeded random addresses inside and outside each network.
/// </summary>
public class IpNetworkTests
{
    private const int NetworksPerPrefix = 8;
    private const int AddressesPerNetwork = 64;

    public static TheoryData<int> V4Prefixes() => [.. Enumerable.Range(0, 33)];

    public static TheoryData<int> V6Prefixes() => [.. Enumerable.Range(0, 129)];

    [Theory, MemberData(nameof(V4Prefixes))]
    public void V4Network_ContainsWhatIPNetworkContains(int prefix) => CheckPrefix(AddressFamily.InterNetwork, prefix);

    [Theory, MemberData(nameof(V6Prefixes))]
    public void V6Network_ContainsWhatIPNetworkContains(int prefix) => CheckPrefix(AddressFamily.InterNetworkV6, prefix);

    [Theory]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "::", true)]
    [InlineData("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("0.0.0.0/0", "0.0.0.0", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    // An IPv4-mapped address is IPv4: it falls under IPv4 networks and ::ffff:0:0/96 forms, not ::/0.
    [InlineData("0.0.0.0/0", "::ffff:1.2.3.4", true)]
    [InlineData("::ffff:0.0.0.0/96", "1.2.3.4", true)]
    [InlineData("::/0", "1.2.3.4", false)]
    public void EdgeNetworks(string network, string address, bool contained)
    {
        Assert.True(IpRangeSet.TryParseNetwork(network, out var range));
        var family = IpAddressText.Parse(Encoding.ASCII.GetBytes(address), out var value);
        Assert.Equal(contained, IpRangeSet.Create([range]).Contains(family, value));
    }

    [Theory]
    [InlineData("ip in ::/0", new[] { 2 })]
    [InlineData("not ip in ::/0", new[] { 0, 1, 3, 4 })]
    [InlineData("ip in 0.0.0.0/0", new[] { 0, 1, 3 })]
    [InlineData("ip in [::/0, 0.0.0.0/0]", new[] { 0, 1, 2, 3 })]
    [InlineData("ip in 2000::/3", new[] { 2 })]
    public void ZeroPrefixes_SelectTheirFamily(string expression, int[] expected)
        => Assert.Equal(expected, ExpressionCompilerTests.Select(expression));

    private static void CheckPrefix(AddressFamily family, int prefix)
    {
        var bits = family == AddressFamily.InterNetwork ? 32 : 128;
        var random = new Random(prefix * 1000 + bits); // seeded: a failure is reproducible
        for (var n = 0; n < NetworksPerPrefix; n++)
        {
            var network = new IPNetwork(Address(Random128(random, bits) & NetworkMask(bits, prefix), family), prefix);
            Assert.True(IpRangeSet.TryParseNetwork(network.ToString(), out var range), network.ToString());
            var set = IpRangeSet.Create([range]);
            for (var a = 0; a < AddressesPerNetwork; a++)
            {
                // Half inside (the network's bits, random host bits), half anywhere.
                var networkBits = Number(network.BaseAddress);
                var value = a % 2 == 0 ? networkBits | (Random128(random, bits) & ~NetworkMask(bits, prefix) & Mask(bits)) : Random128(random, bits);
                if (family == AddressFamily.InterNetworkV6 && value >> 32 == 0xFFFF) continue; // mapped: IPv4, checked in EdgeNetworks
                var address = Address(value, family);
                var parsedFamily = IpAddressText.Parse(Encoding.ASCII.GetBytes(address.ToString()), out var parsed);
                Assert.Equal(network.Contains(address), set.Contains(parsedFamily, parsed));
            }
        }
    }

    private static UInt128 Mask(int bits) => bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;

    private static UInt128 NetworkMask(int bits, int prefix) => prefix == 0 ? UInt128.Zero : Mask(bits) & ~(Mask(bits - prefix));

    private static UInt128 Random128(Random random, int bits)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new UInt128(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..])) & Mask(bits);
    }

    private static IPAddress Address(UInt128 value, AddressFamily family)
    {
        var bytes = new byte[16];
        ((IBinaryInteger<UInt128>)value).WriteBigEndian(bytes);
        return family == AddressFamily.InterNetwork ? new IPAddress(bytes.AsSpan(12)) : new IPAddress(bytes);
    }

    private static UInt128 Number(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes) value = (value << 8) | b;
        return value;
    }
}
