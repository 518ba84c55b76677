using System.Buffers.Text;
using System.Text;

namespace FastLog.Query.Literals;

/// <summary>
/// A set of addresses and CIDR networks, merged into sorted disjoint ranges per family, so a
/// lookup is one binary search whatever the size of the list (a 30,000,000-line blocklist costs
/// about 25 comparisons per record).
/// </summary>
/// <remarks>
/// Compact: an IPv4 range is one <c>ulong</c> (first address in the high 32 bits, last in the
/// low 32: 8 bytes), an IPv6 range two <c>UInt128</c> (32 bytes). A list is parsed straight
/// from its bytes (<see cref="ValueFileLines"/>, <see cref="TryParseNetwork(ReadOnlySpan{byte}, out ValueTuple{int, UInt128, UInt128})"/>)
/// into a <see cref="Builder"/> with no object per entry, so loading costs the file and one
/// range per line until the ranges are merged.
/// </remarks>
public sealed class IpRangeSet
{
    private readonly ulong[] _v4;
    private readonly (UInt128 First, UInt128 Last)[] _v6;

    private IpRangeSet(ulong[] v4, (UInt128, UInt128)[] v6)
    {
        _v4 = v4;
        _v6 = v6;
    }

    /// <summary>Number of disjoint ranges held (after merging).</summary>
    public long RangeCount => _v4.Length + (long)_v6.Length;

    /// <summary>Builds the set from ranges given as (family, first, last).</summary>
    public static IpRangeSet Create(IEnumerable<(int Family, UInt128 First, UInt128 Last)> ranges)
    {
        var builder = new Builder();
        foreach (var (family, first, last) in ranges) builder.Add(family, first, last);
        return builder.Build();
    }

    /// <summary>
    /// Parses <c>address</c> or <c>address/prefix</c> (host bits past the prefix are ignored, so
    /// <c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>). Returns false for anything else.
    /// </summary>
    public static bool TryParseNetwork(string text, out (int Family, UInt128 First, UInt128 Last) range)
        => TryParseNetwork(Encoding.UTF8.GetBytes(text), out range);

    /// <inheritdoc cref="TryParseNetwork(string, out ValueTuple{int, UInt128, UInt128})"/>
    public static bool TryParseNetwork(ReadOnlySpan<byte> text, out (int Family, UInt128 First, UInt128 Last) range)
    {
        range = default;
        var slash = text.IndexOf((byte)'/');
        var address = slash < 0 ? text : text[..slash];
        var family = IpAddressText.Parse(address, out var value);
        if (family == IpAddressText.None) return false;
        var bits = family == IpAddressText.V4 ? 32 : 128;
        // A mapped address (::ffff:1.2.3.4) parses as IPv4; its prefix counts IPv6 bits.
        if (family == IpAddressText.V4 && address.IndexOf((byte)':') >= 0) bits = 128;
        var prefix = bits;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.Length is 0 or > 3 || prefixText[0] is (byte)'+' or (byte)'-'
                || !Utf8Parser.TryParse(prefixText, out prefix, out var consumed) || consumed != prefixText.Length || prefix > bits)
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
        if (family == IpAddressText.V4) return ContainsV4((uint)value);
        if (family != IpAddressText.V6) return false;
        var ranges = _v6;
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

    private bool ContainsV4(uint value)
    {
        var ranges = _v4;
        var lo = 0;
        var hi = ranges.Length - 1;
        // Invariant: a range holding `value`, if any, has its index in [lo, hi].
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var range = ranges[mid];
            if (value < (uint)(range >> 32)) hi = mid - 1;
            else if (value > (uint)range) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /// <summary>Collects ranges (unsorted, overlapping, repeated) and merges them once into a set.</summary>
    public sealed class Builder
    {
        private ulong[] _v4 = new ulong[16];
        private int _v4Count;
        private (UInt128 First, UInt128 Last)[] _v6 = new (UInt128, UInt128)[4];
        private int _v6Count;

        /// <summary>Adds the range <c>[first, last]</c> of <paramref name="family"/>.</summary>
        public void Add(int family, UInt128 first, UInt128 last)
        {
            if (family == IpAddressText.V4)
            {
                if (_v4Count == _v4.Length) Array.Resize(ref _v4, _v4Count * 2); // deliberate: amortized growth while loading
                _v4[_v4Count++] = ((ulong)(uint)first << 32) | (uint)last;
            }
            else
            {
                if (_v6Count == _v6.Length) Array.Resize(ref _v6, _v6Count * 2); // deliberate: amortized growth while loading
                _v6[_v6Count++] = (first, last);
            }
        }

        /// <summary>The merged set; the builder is spent.</summary>
        public IpRangeSet Build() => new(MergeV4(), MergeV6());

        private ulong[] MergeV4()
        {
            var ranges = _v4.AsSpan(0, _v4Count);
            // Sorted by first address (the high half); equal firsts, by last.
            ranges.Sort();
            var merged = 0;
            // Invariant: ranges[0, merged) are disjoint, non-adjacent and ascending, and cover
            // exactly the ranges among ranges[0, i).
            for (var i = 0; i < ranges.Length; i++)
            {
                var first = (uint)(ranges[i] >> 32);
                var last = (uint)ranges[i];
                if (merged > 0 && (ulong)first <= (ulong)(uint)ranges[merged - 1] + 1)
                {
                    if (last > (uint)ranges[merged - 1]) ranges[merged - 1] = (ranges[merged - 1] & 0xFFFF_FFFF_0000_0000) | last;
                    continue;
                }
                ranges[merged++] = ranges[i];
            }
            var result = ranges[..merged].ToArray();
            _v4 = [];
            return result;
        }

        private (UInt128, UInt128)[] MergeV6()
        {
            var ranges = _v6.AsSpan(0, _v6Count);
            ranges.Sort((a, b) => a.First.CompareTo(b.First));
            var merged = 0;
            // Invariant: as in MergeV4.
            for (var i = 0; i < ranges.Length; i++)
            {
                if (merged > 0 && (ranges[merged - 1].Last == UInt128.MaxValue || ranges[i].First <= ranges[merged - 1].Last + 1))
                {
                    if (ranges[i].Last > ranges[merged - 1].Last) ranges[merged - 1].Last = ranges[i].Last;
                    continue;
                }
                ranges[merged++] = ranges[i];
            }
            var result = ranges[..merged].ToArray();
            _v6 = [];
            return result;
        }
    }
}
