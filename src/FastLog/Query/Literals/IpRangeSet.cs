using System.Text;

namespace FastLog.Query.Literals;

/// <summary>
/// A set of addresses and CIDR networks, merged into sorted disjoint ranges per family, so a
/// lookup is one binary search whatever the size of the list (a 100,000-line blocklist costs
/// about 17 comparisons per record).
/// </summary>
public sealed class IpRangeSet
{
    private readonly (UInt128 First, UInt128 Last)[] _v4;
    private readonly (UInt128 First, UInt128 Last)[] _v6;

    private IpRangeSet((UInt128, UInt128)[] v4, (UInt128, UInt128)[] v6)
    {
        _v4 = v4;
        _v6 = v6;
    }

    /// <summary>Builds the set from ranges given as (family, first, last).</summary>
    public static IpRangeSet Create(IEnumerable<(int Family, UInt128 First, UInt128 Last)> ranges)
    {
        var list = ranges.ToList();
        return new IpRangeSet(Merge(list.Where(r => r.Family == IpAddressText.V4)), Merge(list.Where(r => r.Family == IpAddressText.V6)));
    }

    /// <summary>
    /// Parses <c>address</c> or <c>address/prefix</c> (host bits past the prefix are ignored, so
    /// <c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>). Returns false for anything else.
    /// </summary>
    public static bool TryParseNetwork(string text, out (int Family, UInt128 First, UInt128 Last) range)
    {
        range = default;
        var slash = text.IndexOf('/');
        var address = Encoding.UTF8.GetBytes(slash < 0 ? text : text[..slash]);
        var family = IpAddressText.Parse(address, out var value);
        if (family == IpAddressText.None) return false;
        var bits = family == IpAddressText.V4 ? 32 : 128;
        // A mapped address (::ffff:1.2.3.4) parses as IPv4; its prefix counts IPv6 bits.
        if (family == IpAddressText.V4 && address.AsSpan().IndexOf((byte)':') >= 0) bits = 128;
        var prefix = bits;
        if (slash >= 0)
        {
            var prefixText = text.AsSpan(slash + 1);
            if (prefixText.Length is 0 or > 3 || !int.TryParse(prefixText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits)
                return false;
        }
        if (bits == 128 && family == IpAddressText.V4)
        {
            // ::ffff:a.b.c.d/p: only prefixes of at least 96 bits stay inside the mapped range.
            if (prefix < 96) return false;
            prefix -= 96;
            bits = 32;
        }
        var hostBits = bits - prefix;
        // A shift by 128 is a shift by 0 (the count is taken mod 128): /0 of IPv6 needs its own case.
        var hostMask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        var first = value & ~hostMask;
        range = (family, first, first | hostMask);
        return true;
    }

    /// <summary>True when the address (family and value from <see cref="IpAddressText.Parse"/>) is in the set.</summary>
    public bool Contains(int family, UInt128 value)
    {
        var ranges = family == IpAddressText.V4 ? _v4 : family == IpAddressText.V6 ? _v6 : [];
        var lo = 0;
        var hi = ranges.Length - 1;
        // Invariant: a range holding `value`, if any, has its index in [lo, hi].
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value < ranges[mid].First) hi = mid - 1;
            else if (value > ranges[mid].Last) lo = mid + 1;
            else return true;
        }
        return false;
    }

    private static (UInt128, UInt128)[] Merge(IEnumerable<(int Family, UInt128 First, UInt128 Last)> ranges)
    {
        var sorted = ranges.Select(r => (r.First, r.Last)).OrderBy(r => r.First).ToList();
        var merged = new List<(UInt128 First, UInt128 Last)>();
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && (merged[^1].Last == UInt128.MaxValue || r.First <= merged[^1].Last + 1))
            {
                if (r.Last > merged[^1].Last) merged[^1] = (merged[^1].First, r.Last);
                continue;
            }
            merged.Add(r);
        }
        return [.. merged];
    }
}
