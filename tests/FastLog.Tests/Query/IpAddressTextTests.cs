using System.Net;
using System.Text;
using FastLog.Query.Literals;

namespace FastLog.Tests.Query;

/// <summary>The allocation-free address parser agrees with <see cref="IPAddress"/>; networks merge and match as CIDR says.</summary>
public class IpAddressTextTests
{
    [Theory]
    [InlineData("1.2.3.4")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:db8:0:0:0:0:0:1")]
    [InlineData("fe80::1:2:3:4")]
    [InlineData("1::")]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:7::")]
    [InlineData("::2:3:4:5:6:7:8")]
    [InlineData("64:ff9b::192.0.2.33")]
    [InlineData("ABCD:EF01::")]
    public void Valid_AgreesWithIPAddress(string text)
    {
        var family = IpAddressText.Parse(Encoding.ASCII.GetBytes(text), out var value);
        var reference = IPAddress.Parse(text);
        var bytes = reference.GetAddressBytes();
        var expected = UInt128.Zero;
        foreach (var b in bytes) expected = (expected << 8) | b;
        Assert.Equal(bytes.Length == 4 ? IpAddressText.V4 : IpAddressText.V6, family);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("::ffff:1.2.3.4", 0x01020304u)]
    [InlineData("::FFFF:10.0.0.1", 0x0A000001u)]
    public void MappedIpv4_IsIpv4(string text, uint expected)
    {
        Assert.Equal(IpAddressText.V4, IpAddressText.Parse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal((UInt128)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.256")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("host.example.com")]
    [InlineData(":::")]
    [InlineData("1:::2")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData(":1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:")]
    [InlineData("fe80::1%eth0")]
    [InlineData("g::1")]
    public void Invalid_IsNone(string text)
    {
        Assert.Equal(IpAddressText.None, IpAddressText.Parse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void RangeSet_MatchesNetworks()
    {
        var ranges = new[] { "10.0.0.0/8", "10.1.0.0/16", "192.168.1.7", "2001:db8::/32", "11.0.0.0/8", "0.0.0.0/32" }
            .Select(t => IpRangeSet.TryParseNetwork(t, out var r) ? r : throw new InvalidOperationException(t));
        var set = IpRangeSet.Create(ranges);
        bool In(string text) => set.Contains(IpAddressText.Parse(Encoding.ASCII.GetBytes(text), out var v), v);
        Assert.True(In("10.255.255.255"));
        Assert.True(In("11.0.0.1"));
        Assert.False(In("12.0.0.0"));
        Assert.False(In("9.255.255.255"));
        Assert.True(In("192.168.1.7"));
        Assert.False(In("192.168.1.8"));
        Assert.True(In("2001:db8:ffff::1"));
        Assert.False(In("2001:db9::"));
        Assert.True(In("0.0.0.0"));
        Assert.False(In("::"));
        Assert.True(In("::ffff:10.2.3.4"));
        Assert.False(IpRangeSet.TryParseNetwork("10.0.0.0/33", out _));
        Assert.False(IpRangeSet.TryParseNetwork("10.0.0.0/", out _));
        Assert.False(IpRangeSet.TryParseNetwork("nope/8", out _));
        Assert.True(IpRangeSet.TryParseNetwork("10.1.2.3/8", out var loose));
        Assert.Equal((UInt128)0x0A000000u, loose.First);
    }
}
