using FastLog.Detection.Enrichment;
using FastLog.Fuzz.Invariants;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// The MaxMind DB reader (<c>--geoip</c>): a corrupt file is refused, and a corrupt lookup fails,
/// only with <see cref="InvalidDataException"/>; strings it returns are at most
/// <see cref="MmdbReader.MaxStringBytes"/> long; the same lookup gives the same answer twice.
/// </summary>
public sealed class MmdbTarget : IFuzzTarget
{
    private static readonly (int Family, UInt128 Value)[] s_addresses =
    [
        (4, 0x01020304), (4, 0x08080808), (4, 0xC0000207), (4, 0), (4, 0xFFFFFFFF), (4, 0x0A000001),
        (6, UInt128.Parse("42540766411282592856903984951653826561")), // 2001:db8::1
        (6, 1), (6, UInt128.MaxValue), (6, (UInt128)0xFFFF_C000_0207), // ::ffff:192.0.2.7
    ];

    /// <inheritdoc/>
    public string Name => "mmdb";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        MmdbReader reader;
        try
        {
            reader = MmdbReader.FromBytes(data.ToArray());
        }
        catch (InvalidDataException)
        {
            return;
        }
        if (reader.IpVersion is not (4 or 6)) Fail($"ip_version {reader.IpVersion} accepted");
        foreach (var (family, value) in s_addresses)
        {
            var first = Lookup(reader, family, value);
            var second = Lookup(reader, family, value);
            if (first != second) Fail($"two lookups of the same address differ: {first} / {second}");
        }
    }

    private static string Lookup(MmdbReader reader, int family, UInt128 value)
    {
        try
        {
            if (reader.Lookup(family, value) is not { } record) return "none";
            var country = record.String("country", "iso_code");
            var organisation = record.String("autonomous_system_organization");
            var asn = record.UInt("autonomous_system_number");
            foreach (var s in (string?[])[country, organisation])
                if (s is not null && s.Length > MmdbReader.MaxStringBytes) Fail($"string of {s.Length} chars");
            return $"{country}|{organisation}|{asn}";
        }
        catch (InvalidDataException e)
        {
            return "error: " + e.Message;
        }
    }

    private static void Fail(string message) => throw new InvariantViolation("mmdb", message);

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds() => [];
}
