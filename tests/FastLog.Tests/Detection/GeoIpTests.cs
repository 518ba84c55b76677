using System.Net;
using System.Text.Json;
using FastLog.Detection.Enrichment;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Detection;

/// <summary>
/// <c>--geoip</c>: the MMDB reader against databases built by <see cref="MmdbWriter"/> from the
/// records below (the tests' "source JSON"), each database first read back with MaxMind's own
/// reader (MaxMind.Db) as the oracle; then the enrichment in detect's ECS output.
/// </summary>
public class GeoIpTests
{
    private static Dictionary<string, object> Country(string iso) => new()
    {
        ["continent"] = new Dictionary<string, object> { ["code"] = "EU", ["geoname_id"] = 6255148u },
        ["country"] = new Dictionary<string, object> { ["geoname_id"] = 2635167u, ["iso_code"] = iso, ["names"] = new Dictionary<string, object> { ["en"] = "Name of " + iso } },
        ["location"] = new Dictionary<string, object> { ["latitude"] = 51.5, ["longitude"] = -0.13, ["in_eu"] = true },
    };

    private static Dictionary<string, object> Asn(uint number, string organization) => new()
    {
        ["autonomous_system_number"] = number,
        ["autonomous_system_organization"] = organization,
    };

    /// <summary>The networks of the test Country database and the ISO code each must give.</summary>
    private static readonly (string Network, string Iso)[] s_countries =
    [
        ("81.2.69.0/24", "GB"), ("89.160.20.112/28", "SE"), ("2001:218::/32", "JP"), ("2a02:cf40::/29", "NO"), ("203.0.113.0/24", "X\u001b[31m\u202e\"<"),
    ];

    /// <summary>The networks of the test ASN database with their number and organisation.</summary>
    private static readonly (string Network, uint Number, string Org)[] s_asns =
    [
        ("1.128.0.0/11", 1221, "Telstra Pty Ltd"), ("81.2.69.0/24", 20712, "Andrews & Arnold Ltd"), ("2600:6000::/20", 237, "Merit Network Inc."),
    ];

    private static byte[] CountryDb(int recordSize = 28, int ipVersion = 6)
    {
        var writer = new MmdbWriter(ipVersion, recordSize, "FastLog-Country-Test");
        foreach (var (network, iso) in s_countries)
            if (ipVersion == 6 || !network.Contains(':')) writer.Add(network, Country(iso));
        return writer.Build();
    }

    private static byte[] AsnDb(int recordSize = 24)
    {
        var writer = new MmdbWriter(6, recordSize, "FastLog-ASN-Test");
        foreach (var (network, number, org) in s_asns) writer.Add(network, Asn(number, org));
        return writer.Build();
    }

    /// <summary>MaxMind's reader (the oracle): the string at country.iso_code of <paramref name="ip"/>, or null.</summary>
    private static string? OracleCountry(byte[] db, string ip)
    {
        using var reader = new MaxMind.Db.Reader(new MemoryStream(db));
        var record = reader.Find<Dictionary<string, object>>(IPAddress.Parse(ip));
        return record is not null && record.TryGetValue("country", out var c) && c is Dictionary<string, object> country ? (string)country["iso_code"] : null;
    }

    private static (long? Number, string? Org) OracleAsn(byte[] db, string ip)
    {
        using var reader = new MaxMind.Db.Reader(new MemoryStream(db));
        var record = reader.Find<Dictionary<string, object>>(IPAddress.Parse(ip));
        if (record is null) return (null, null);
        return (Convert.ToInt64(record["autonomous_system_number"]), (string)record["autonomous_system_organization"]);
    }

    [Theory]
    [InlineData(24, 6)]
    [InlineData(28, 6)]
    [InlineData(32, 6)]
    [InlineData(24, 4)]
    [InlineData(28, 4)]
    [InlineData(32, 4)]
    public void CountryLookupsAgreeWithMaxMindsReaderAndTheSourceRecords(int recordSize, int ipVersion)
    {
        var db = CountryDb(recordSize, ipVersion);
        var ours = new GeoIpDatabase([MmdbReader.FromBytes(db)]);
        string[] addresses = ["81.2.69.160", "81.2.69.0", "81.2.69.255", "89.160.20.112", "89.160.20.127", "89.160.20.128", "2001:218::1", "2001:218:ffff::9",
            "2a02:cf47::1", "2a02:cf48::1", "203.0.113.9", "8.8.8.8", "::1", "10.0.0.1"];
        foreach (var ip in addresses)
        {
            var oracle = ipVersion == 4 && ip.Contains(':') ? null : OracleCountry(db, ip);
            // The oracle must agree with the records the database was built from.
            var expected = s_countries.FirstOrDefault(c => InNetwork(ip, c.Network) && (ipVersion == 6 || !c.Network.Contains(':'))).Iso;
            Assert.Equal(expected, oracle);
            Assert.Equal(expected, ours.Lookup(ip)?.CountryIsoCode);
        }
    }

    [Fact]
    public void AsnLookupsAgreeWithMaxMindsReader()
    {
        var db = AsnDb();
        var ours = new GeoIpDatabase([MmdbReader.FromBytes(db)]);
        foreach (var ip in new[] { "1.128.0.1", "1.159.255.255", "1.160.0.0", "81.2.69.1", "2600:6000::5", "2600:6fff:ffff::1", "2600:7000::1", "192.0.2.1" })
        {
            var (number, org) = OracleAsn(db, ip);
            var expected = s_asns.FirstOrDefault(a => InNetwork(ip, a.Network));
            Assert.Equal(expected.Org is null ? null : (long?)expected.Number, number);
            Assert.Equal(expected.Org, org);
            var geo = ours.Lookup(ip);
            Assert.Equal((ulong?)number, geo?.AsNumber);
            Assert.Equal(org, geo?.AsOrganization);
        }
    }

    [Theory]
    [InlineData("::ffff:81.2.69.160", "81.2.69.160")]
    [InlineData("::ffff:1.128.0.1", "1.128.0.1")]
    public void IpV4MappedIpV6ReadsAsTheIpV4Address(string mapped, string v4)
    {
        var both = new GeoIpDatabase([MmdbReader.FromBytes(CountryDb()), MmdbReader.FromBytes(AsnDb())]);
        Assert.NotNull(both.Lookup(v4));
        Assert.Equal(both.Lookup(v4), both.Lookup(mapped));
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8::1")]
    [InlineData("not-an-address")]
    [InlineData("-")]
    public void AddressesNotInTheDatabaseHaveNoGeo(string address)
        => Assert.Null(new GeoIpDatabase([MmdbReader.FromBytes(CountryDb()), MmdbReader.FromBytes(AsnDb())]).Lookup(address));

    [Fact]
    public void DetectWritesEcsGeoAndAsFieldsEscaped()
    {
        using var dir = new TempDirectory("geoip");
        var country = dir.File("country.mmdb");
        var asn = dir.File("asn.mmdb");
        File.WriteAllBytes(country, CountryDb());
        File.WriteAllBytes(asn, AsnDb());
        var log = dir.File("access.log");
        File.WriteAllText(log,
            "81.2.69.160 - - [01/Mar/2024:12:00:00 +0000] \"GET /.git/config HTTP/1.1\" 404 10 \"-\" \"curl/8\"\n" +
            "203.0.113.9 - - [01/Mar/2024:12:00:01 +0000] \"GET /.git/index HTTP/1.1\" 404 10 \"-\" \"curl/8\"\n" +
            "192.0.2.1 - - [01/Mar/2024:12:00:02 +0000] \"GET /.git/HEAD HTTP/1.1\" 404 10 \"-\" \"curl/8\"\n");
        var lines = FastLogCli.Run("detect", log, "--output", "jsonl", "--geoip", $"{country},{asn}").Ok()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        JsonElement Source(string ip) => lines.Single(l => l.GetProperty("source").GetProperty("ip").GetString() == ip).GetProperty("source");

        var gb = Source("81.2.69.160");
        Assert.Equal("GB", gb.GetProperty("geo").GetProperty("country_iso_code").GetString());
        Assert.Equal(20712, gb.GetProperty("as").GetProperty("number").GetInt64());
        Assert.Equal("Andrews & Arnold Ltd", gb.GetProperty("as").GetProperty("organization").GetProperty("name").GetString());
        // A hostile database string is data: valid JSON that decodes back to it.
        Assert.Equal("X\u001b[31m\u202e\"<", Source("203.0.113.9").GetProperty("geo").GetProperty("country_iso_code").GetString());
        var none = Source("192.0.2.1");
        Assert.False(none.TryGetProperty("geo", out _));
        Assert.False(none.TryGetProperty("as", out _));

        // The table escapes it for the terminal (no raw ESC or bidi override) and shows the geo column.
        var table = FastLogCli.Run("detect", log, "--geoip", $"{country},{asn}").Ok();
        Assert.DoesNotContain('\u001b', table);
        Assert.DoesNotContain('\u202e', table);
        Assert.Contains("GB AS20712 Andrews & Arnold Ltd", table);
    }

    [Fact]
    public void AFileThatIsNotAMaxMindDbIsAUsageError()
    {
        using var dir = new TempDirectory("geoip");
        var bad = dir.File("bad.mmdb");
        File.WriteAllText(bad, "just text\n");
        var log = dir.File("access.log");
        File.WriteAllText(log, "1.2.3.4 - - [01/Mar/2024:12:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"\n");
        var run = FastLogCli.Run("detect", log, "--geoip", bad);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--geoip: not a usable MaxMind DB file", run.Stderr);
        Assert.Contains("no metadata marker", run.Stderr);

        var missing = FastLogCli.Run("detect", log, "--geoip", dir.File("absent.mmdb"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("fastlog: error: --geoip:", missing.Stderr);
        Assert.DoesNotContain("   at ", missing.Stderr);
    }

    [Theory]
    [InlineData(4_294_967_296UL)]
    [InlineData(9_223_372_036_854_775_813UL)]
    [InlineData(ulong.MaxValue)]
    public void AUint64AsNumber_IsWrittenAsItsUnsignedValue(ulong number)
    {
        using var dir = new TempDirectory("geoip-uint64");
        var asn = dir.File("asn.mmdb");
        var writer = new MmdbWriter(6, 24, "FastLog-ASN-Test");
        writer.Add("81.2.69.0/24", new Dictionary<string, object> { ["autonomous_system_number"] = number, ["autonomous_system_organization"] = "Big" });
        File.WriteAllBytes(asn, writer.Build());
        var log = dir.File("access.log");
        File.WriteAllText(log, "81.2.69.160 - - [01/Mar/2024:12:00:00 +0000] \"GET /.git/config HTTP/1.1\" 404 10 \"-\" \"curl/8\"\n");

        var finding = JsonDocument.Parse(FastLogCli.Run("detect", log, "--output", "jsonl", "--geoip", asn).Ok().Split('\n')[0]).RootElement;
        Assert.Equal(number, finding.GetProperty("source").GetProperty("as").GetProperty("number").GetUInt64());
    }

    [Fact]
    public void CorruptTreesAndDataNeverThrowAnythingButInvalidData()
    {
        // Flip every byte of a small database in turn: each lookup answers or raises InvalidDataException, nothing else.
        var db = AsnDb();
        for (var i = 0; i < db.Length; i++)
        {
            var copy = (byte[])db.Clone();
            copy[i] ^= 0xFF;
            try
            {
                var geo = new GeoIpDatabase([MmdbReader.FromBytes(copy)]);
                foreach (var ip in new[] { "1.128.0.1", "81.2.69.1", "2600:6000::5", "9.9.9.9" }) geo.Lookup(ip);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    private static bool InNetwork(string ip, string cidr)
    {
        var slash = cidr.IndexOf('/');
        var network = IPAddress.Parse(cidr[..slash]).GetAddressBytes();
        var address = IPAddress.Parse(ip);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        if (bytes.Length != network.Length) return false;
        var prefix = int.Parse(cidr[(slash + 1)..]);
        for (var bit = 0; bit < prefix; bit++)
            if (((bytes[bit / 8] ^ network[bit / 8]) >> (7 - bit % 8) & 1) != 0) return false;
        return true;
    }
}
