using System.Runtime.CompilerServices;

namespace FastLog.Query.Literals;

/// <summary>
/// Parses IP addresses written as text (log bytes or literals) into numbers, without
/// allocating: IPv4 into the low 32 bits, IPv6 into 128 bits. An IPv4-mapped IPv6 address
/// (<c>::ffff:1.2.3.4</c>, as dual-stack servers log IPv4 clients) is returned as IPv4.
/// </summary>
public static class IpAddressText
{
    /// <summary>Not an address (a host name, <c>-</c>, garbage).</summary>
    public const int None = 0;
    /// <summary>An IPv4 address.</summary>
    public const int V4 = 4;
    /// <summary>An IPv6 address.</summary>
    public const int V6 = 6;

    /// <summary>
    /// Parses <paramref name="s"/>: dotted-quad IPv4 (no leading zeros, as Python's
    /// <c>ipaddress</c>) or RFC 4291 IPv6 text (hex groups, one <c>::</c>, optional trailing
    /// dotted quad; no zone). Returns <see cref="V4"/>, <see cref="V6"/> or <see cref="None"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Parse(ReadOnlySpan<byte> s, out UInt128 value)
    {
        value = 0;
        if (s.Length is < 2 or > 45) return None;
        if (TryParseV4(s, out var v4))
        {
            value = v4;
            return V4;
        }
        return ParseV6(s, out value);
    }

    /// <summary>Dotted-quad IPv4, four decimal parts 0–255 without leading zeros.</summary>
    public static bool TryParseV4(ReadOnlySpan<byte> s, out uint value)
    {
        value = 0;
        var parts = 0;
        var i = 0;
        // Invariant: [0, i) holds `parts` complete parts (and their dots); each iteration reads one part.
        while (true)
        {
            var start = i;
            uint part = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9 && i - start < 3)
            {
                part = part * 10 + (uint)(s[i] - '0');
                i++;
            }
            var digits = i - start;
            if (digits == 0 || part > 255 || (digits > 1 && s[start] == '0')) return false;
            value = (value << 8) | part;
            parts++;
            if (parts == 4) return i == s.Length;
            if (i >= s.Length || s[i] != '.') return false;
            i++;
        }
    }

    private static int ParseV6(ReadOnlySpan<byte> s, out UInt128 value)
    {
        value = 0;
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gap = -1; // index in groups where '::' stands
        var i = 0;
        if (s.Length >= 2 && s[0] == ':' && s[1] == ':')
        {
            gap = 0;
            i = 2;
            if (i == s.Length) return Assemble(groups, count, gap, out value);
        }
        else if (s[0] == ':')
        {
            return None;
        }
        // Invariant: [0, i) parsed into groups[0, count); i is at the start of a group.
        while (true)
        {
            var start = i;
            uint group = 0;
            while (i < s.Length && i - start < 5 && HexValue(s[i]) is var h && h >= 0)
            {
                group = (group << 4) | (uint)h;
                i++;
            }
            if (i < s.Length && s[i] == '.')
            {
                // Trailing dotted quad: two groups.
                if (count > 6 || !TryParseV4(s[start..], out var v4)) return None;
                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                return Assemble(groups, count, gap, out value);
            }
            var digits = i - start;
            if (digits is 0 or > 4 || count == 8) return None;
            groups[count++] = (ushort)group;
            if (i == s.Length) return Assemble(groups, count, gap, out value);
            if (s[i] != ':') return None;
            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (gap >= 0) return None;
                gap = count;
                i++;
                if (i == s.Length) return Assemble(groups, count, gap, out value);
            }
            else if (i == s.Length)
            {
                return None;
            }
        }
    }

    private static int Assemble(Span<ushort> groups, int count, int gap, out UInt128 value)
    {
        value = 0;
        if (gap < 0 ? count != 8 : count > 7) return None;
        Span<ushort> full = stackalloc ushort[8];
        full.Clear();
        if (gap < 0)
        {
            groups.CopyTo(full);
        }
        else
        {
            groups[..gap].CopyTo(full);
            var tail = count - gap;
            groups.Slice(gap, tail).CopyTo(full[(8 - tail)..]);
        }
        foreach (var g in full) value = (value << 16) | g;
        // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
        if (value >> 32 == 0xFFFF)
        {
            value &= uint.MaxValue;
            return V4;
        }
        return V6;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte b)
    {
        if ((uint)(b - '0') <= 9) return b - '0';
        var lower = b | 0x20;
        if ((uint)(lower - 'a') <= 5) return lower - 'a' + 10;
        return -1;
    }
}
