using FastLog.Detection;

namespace FastLog.Tests.Detection;

public class AddressClassTests
{
    [Theory]
    [InlineData("10.1.2.3", "internal")]
    [InlineData("172.31.255.255", "internal")]
    [InlineData("172.32.0.1", "external")]
    [InlineData("192.168.0.1", "internal")]
    [InlineData("127.0.0.1", "internal")]
    [InlineData("169.254.1.1", "internal")]
    [InlineData("100.64.0.1", "internal")]
    [InlineData("100.128.0.1", "external")]
    [InlineData("8.8.8.8", "external")]
    [InlineData("::1", "internal")]
    [InlineData("fd12:3456::1", "internal")]
    [InlineData("fe80::1", "internal")]
    [InlineData("2001:db8::1", "external")]
    [InlineData("::ffff:10.0.0.1", "internal")]
    [InlineData("crawler.example.net", "unknown")]
    [InlineData("-", "unknown")]
    public void BuiltInNetworks(string client, string expected) => Assert.Equal(expected, AddressClass.Default.Classify(client));

    [Fact]
    public void ExtraNetworksAreInternalAndBadOnesAreRejected()
    {
        var classes = AddressClass.Create(["203.0.113.0/24", "2001:db8::/32"]);
        Assert.Equal("internal", classes.Classify("203.0.113.77"));
        Assert.Equal("internal", classes.Classify("2001:db8::1"));
        Assert.Equal("external", classes.Classify("203.0.114.1"));
        Assert.Throws<ArgumentException>(() => AddressClass.Create(["10.0.0.0/33x"]));
    }
}
