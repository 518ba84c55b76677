namespace FastLog.Formats.Syslog;

/// <summary>
/// Recognises IPv4 and IPv6 address literals as sshd writes them (dotted quad; unbracketed IPv6,
/// possibly with an embedded dotted quad such as <c>::ffff:1.2.3.4</c>). Auth parsing accepts
/// an address only when it is one of these, so a host name or free text in the slot where sshd
/// writes the peer address never becomes an <c>ip</c>.
/// </summary>
public static class IpLiteral
{
    /// <summary>Longest literal: a full IPv6 address with an embedded dotted quad (45 bytes).</summary>
    public const int MaxLength = 45;

    /// <summary>True when <paramref name="s"/> is exactly an IPv4 or IPv6 literal.</summary>
    public static bool IsValid(ReadOnlySpan<byte> s)
    {
        if (s.Length is < 2 or > MaxLength) return false;
        return s.IndexOf((byte)':') >= 0 ? IsIPv6(s) : IsIPv4(s);
    }

    /// <summary>Four decimal octets 0–255 of 1–3 digits (leading zeros kept as written: the value is opaque).</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> s)
    {
        var octets = 0;
        var i = 0;
        // Invariant: [0, i) holds `octets` complete octets, each followed by a dot except the last.
        while (true)
        {
            var value = 0;
            var digits = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9 && digits < 4)
            {
                value = value * 10 + (s[i] - '0');
                digits++;
                i++;
            }
            if (digits is 0 or > 3 || value > 255) return false;
            octets++;
            if (i == s.Length) return octets == 4;
            if (s[i] != (byte)'.' || octets == 4) return false;
            i++;
        }
    }

    /// <summary>RFC 4291 §2.2 text forms: up to eight groups of 1–4 hex digits, one <c>::</c>, an optional trailing dotted quad.</summary>
    public static bool IsIPv6(ReadOnlySpan<byte> s)
    {
        var groups = 0;
        var compressed = false;
        var i = 0;
        if (s.Length >= 2 && s[0] == (byte)':' && s[1] == (byte)':')
        {
            compressed = true;
            i = 2;
            if (i == s.Length) return true;
        }
        else if (s[0] == (byte)':')
        {
            return false;
        }
        // Invariant: s[i] starts a group (the previous separator consumed); groups counts the ones read.
        while (true)
        {
            var start = i;
            while (i < s.Length && i - start < 5 && IsHex(s[i])) i++;
            var length = i - start;
            if (i < s.Length && s[i] == (byte)'.')
            {
                // Embedded IPv4 takes the last two groups' place.
                if (!IsIPv4(s[start..])) return false;
                groups += 2;
                return compressed ? groups <= 7 : groups == 8;
            }
            if (length is 0 or > 4) return false;
            groups++;
            if (i == s.Length) return compressed ? groups <= 7 : groups == 8;
            if (s[i] != (byte)':') return false;
            i++;
            if (i < s.Length && s[i] == (byte)':')
            {
                if (compressed) return false;
                compressed = true;
                i++;
                if (i == s.Length) return groups <= 7;
            }
            else if (i == s.Length)
            {
                return false;
            }
            if (groups >= 8) return false;
        }
    }

    private static bool IsHex(byte c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 5;
}
