using System.Text;
using FastLog.Formats.Fields;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Formats;

/// <summary>
/// Issue 13.3: a client written as <c>host:port</c>, in brackets or with a zone index is its
/// address; a host name or an unbracketed IPv6 address stays as written.
/// </summary>
public class ClientAddressTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("127.0.0.1:80", "127.0.0.1")]
    [InlineData("10.1.2.3:65535", "10.1.2.3")]
    [InlineData("[2001:db8::1]:443", "2001:db8::1")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData("[fe80::1%eth0]:8080", "fe80::1")]
    [InlineData("fe80::1%eth0", "fe80::1")]
    [InlineData("fe80::1%25", "fe80::1")]
    [InlineData("::ffff:192.0.2.9", "::ffff:192.0.2.9")]
    [InlineData("2001:db8::1", "2001:db8::1")] // unbracketed: no room for a port
    [InlineData("2001:db8::1:443", "2001:db8::1:443")] // that is an address, not a port
    [InlineData("www.example.com", "www.example.com")]
    [InlineData("www.example.com:80", "www.example.com:80")] // a host name stays text
    [InlineData("127.0.0.1:70000", "127.0.0.1:70000")] // no such port
    [InlineData("127.0.0.1:", "127.0.0.1:")]
    [InlineData("127.0.0.1:8x", "127.0.0.1:8x")]
    [InlineData("300.0.0.1:80", "300.0.0.1:80")]
    [InlineData("[not-an-address]:80", "[not-an-address]:80")]
    [InlineData("[2001:db8::1]:", "[2001:db8::1]:")]
    [InlineData("host%zone", "host%zone")]
    [InlineData("fe80::1%", "fe80::1%")]
    public void ClientToken_GivesItsAddress(string token, string address)
    {
        var block = Encoding.ASCII.GetBytes("xx" + token + "yy");
        var range = ClientAddress.Of(block, 2, 2 + token.Length);
        Assert.Equal(address, Encoding.ASCII.GetString(range.Slice(block)));
    }

    public static TheoryData<string, string> Lines() => new()
    {
        { "combined", "{0} - - [10/Oct/2023:13:55:36 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"curl/8\"\n" },
        { "common", "{0} - - [10/Oct/2023:13:55:36 +0000] \"GET /a HTTP/1.1\" 200 5\n" },
        { "w3c", "#Fields: date time c-ip cs-method cs-uri-stem sc-status\n2023-10-10 13:55:36 {0} GET /a 200\n" },
    };

    /// <summary>End to end: CIDR filters and top ip see the address of host:port and bracketed clients.</summary>
    [Theory, MemberData(nameof(Lines))]
    public void CidrFilters_MatchClientsWithPortsAndZones(string format, string template)
    {
        using var dir = new TempDirectory("client-address");
        var path = dir.File("access.log");
        var clients = new[] { "127.0.0.1:80", "[2001:db8::1]:443", "fe80::1%eth0", "192.0.2.5", "www.example.com" };
        var text = new StringBuilder();
        foreach (var client in clients)
        {
            var line = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, client);
            text.Append(text.Length > 0 && line.StartsWith('#') ? line[(line.IndexOf('\n') + 1)..] : line);
        }
        File.WriteAllText(path, text.ToString());
        string Count(string where) => FastLogCli.Run("count", "--format", format, "--where", where, path).Ok().Trim();
        Assert.Equal("1", Count("ip in 127.0.0.0/8"));
        Assert.Equal("1", Count("ip in 2001:db8::/32"));
        Assert.Equal("1", Count("ip in fe80::/10"));
        Assert.Equal("1", Count("ip == 2001:db8::1"));
        Assert.Equal("1", Count("ip == \"www.example.com\""));
        Assert.Equal("5", Count("ip in 0.0.0.0/0 or ip in ::/0 or ip == \"www.example.com\""));
    }
}
