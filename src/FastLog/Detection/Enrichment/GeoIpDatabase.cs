using System.Text;
using FastLog.Query.Literals;

namespace FastLog.Detection.Enrichment;

/// <summary>
/// The <c>--geoip</c> databases (one or more <c>.mmdb</c> files, e.g. a Country and an ASN
/// database): each address is looked up in every file, and each field is taken from the first
/// file that has it.
/// </summary>
public sealed class GeoIpDatabase
{
    private readonly IReadOnlyList<MmdbReader> _readers;

    /// <summary>A database over already opened readers.</summary>
    public GeoIpDatabase(IReadOnlyList<MmdbReader> readers) => _readers = readers;

    /// <summary>Opens every file of <paramref name="paths"/>.</summary>
    /// <exception cref="InvalidDataException">A file is not a MaxMind DB (the message names it).</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static GeoIpDatabase Open(IEnumerable<string> paths)
    {
        var readers = new List<MmdbReader>();
        foreach (var path in paths)
        {
            try
            {
                readers.Add(MmdbReader.Open(path));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }
        return new GeoIpDatabase(readers);
    }

    /// <summary>
    /// Country and AS of a client address as logged (IPv4, IPv6, IPv4-mapped IPv6 read as IPv4);
    /// null for a host name or an address no database knows.
    /// </summary>
    /// <exception cref="InvalidDataException">A database's tree or data is corrupt.</exception>
    public GeoInfo? Lookup(ReadOnlySpan<byte> address)
    {
        var family = IpAddressText.Parse(address, out var value);
        if (family == IpAddressText.None) return null;
        string? country = null, organization = null;
        ulong? number = null;
        foreach (var reader in _readers)
        {
            if (reader.Lookup(family, value) is not { } record) continue;
            country ??= record.String("country", "iso_code");
            number ??= record.UInt("autonomous_system_number");
            organization ??= record.String("autonomous_system_organization");
        }
        return country is null && number is null && organization is null ? null : new GeoInfo(country, number, organization);
    }

    /// <summary><see cref="Lookup(ReadOnlySpan{byte})"/> of an address given as text.</summary>
    public GeoInfo? Lookup(string address) => Lookup(Encoding.UTF8.GetBytes(address));

    /// <summary>The findings with <see cref="Finding.Geo"/> set for those about a source address (each address looked up once).</summary>
    /// <exception cref="InvalidDataException">A database's tree or data is corrupt.</exception>
    public List<Finding> Enrich(IReadOnlyList<Finding> findings)
    {
        var known = new Dictionary<string, GeoInfo?>(StringComparer.Ordinal);
        var enriched = new List<Finding>(findings.Count);
        foreach (var f in findings)
        {
            if (f.GroupField is not null)
            {
                enriched.Add(f);
                continue;
            }
            var key = Convert.ToHexString(f.SourceIp);
            if (!known.TryGetValue(key, out var geo)) known[key] = geo = Lookup(f.SourceIp);
            enriched.Add(geo is null ? f : f with { Geo = geo });
        }
        return enriched;
    }
}
