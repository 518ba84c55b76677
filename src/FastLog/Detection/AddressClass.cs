using System.Text;
using FastLog.Query.Literals;

namespace FastLog.Detection;

/// <summary>
/// Internal or external source addresses (enrichment): RFC 1918 private IPv4, loopback, link-local,
/// CGNAT shared space (RFC 6598), IPv6 unique-local (fc00::/7), link-local (fe80::/10) and
/// loopback, plus the networks given with <c>--internal CIDR,…</c>. A client written as a host
/// name is neither (<see cref="Unknown"/>). The verdict is data and is escaped like any value.
/// </summary>
public sealed class AddressClass
{
    /// <summary>Verdict for an address inside the internal networks.</summary>
    public const string Internal = "internal";
    /// <summary>Verdict for any other address.</summary>
    public const string External = "external";
    /// <summary>Verdict for a client that is not an address (a host name).</summary>
    public const string Unknown = "unknown";

    private static readonly string[] s_builtIn =
    [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
        "::1/128", "fc00::/7", "fe80::/10",
    ];

    private readonly IpRangeSet _internal;

    private AddressClass(IpRangeSet set) => _internal = set;

    /// <summary>The built-in internal networks plus <paramref name="extra"/> (CIDRs or addresses).</summary>
    /// <exception cref="ArgumentException">An extra network does not parse.</exception>
    public static AddressClass Create(IEnumerable<string> extra)
    {
        var ranges = new List<(int, UInt128, UInt128)>();
        foreach (var text in s_builtIn.Concat(extra))
        {
            if (!IpRangeSet.TryParseNetwork(text.Trim(), out var range))
                throw new ArgumentException($"--internal: '{text}' is not an address or CIDR network");
            ranges.Add(range);
        }
        return new AddressClass(IpRangeSet.Create(ranges));
    }

    /// <summary>The built-in networks only.</summary>
    public static AddressClass Default { get; } = Create([]);

    /// <summary><see cref="Internal"/>, <see cref="External"/> or <see cref="Unknown"/> for a client as logged.</summary>
    public string Classify(ReadOnlySpan<byte> client)
    {
        var family = IpAddressText.Parse(client, out var value);
        if (family == IpAddressText.None) return Unknown;
        return _internal.Contains(family, value) ? Internal : External;
    }

    /// <summary><see cref="Classify(ReadOnlySpan{byte})"/> of a client given as text.</summary>
    public string Classify(string client) => Classify(Encoding.UTF8.GetBytes(client));
}
