using FastLog.Columns;
using FastLog.Formats.Syslog;

namespace FastLog.Formats.Fields;

/// <summary>
/// The address inside a client field as servers write it: <c>127.0.0.1:80</c> (a proxy's
/// <c>%h</c>, IIS behind some balancers), <c>[2001:db8::1]:443</c>, <c>[2001:db8::1]</c>,
/// <c>fe80::1%eth0</c> (a zone index). The port and the zone are dropped so that CIDR filters,
/// <c>--internal</c> and detections see the address; anything that is not one of these forms
/// around a valid IPv4 or IPv6 literal (a host name, an unbracketed IPv6 address, which has no
/// room for a port) is kept as written.
/// </summary>
public static class ClientAddress
{
    /// <summary>Longest port text taken (<c>65535</c>).</summary>
    private const int MaxPortDigits = 5;

    /// <summary>The address of the client token <c>block[start, end)</c>, a sub-range of it.</summary>
    public static ByteRange Of(ReadOnlySpan<byte> block, int start, int end)
    {
        var token = block[start..end];
        // The common case, a bare IPv4 address or a host name, has none of these bytes.
        if (token.IndexOfAny((byte)':', (byte)'[', (byte)'%') < 0) return new ByteRange(start, end - start);
        var (offset, length) = Address(token);
        return new ByteRange(start + offset, length);
    }

    /// <summary>Offset and length of the address in <paramref name="token"/>; the whole token when no form applies.</summary>
    internal static (int Offset, int Length) Address(ReadOnlySpan<byte> token)
    {
        if (token.Length > 2 && token[0] == (byte)'[')
        {
            var close = token.IndexOf((byte)']');
            if (close > 1 && (close == token.Length - 1 || (token[close + 1] == (byte)':' && IsPort(token[(close + 2)..]))))
            {
                var inner = WithoutZone(token[1..close]);
                if (IpLiteral.IsIPv6(inner)) return (1, inner.Length);
            }
            return (0, token.Length);
        }
        var colon = token.IndexOf((byte)':');
        if (colon > 0 && token[(colon + 1)..].IndexOf((byte)':') < 0)
        {
            // One colon: IPv4 and a port.
            return IpLiteral.IsIPv4(token[..colon]) && IsPort(token[(colon + 1)..]) ? (0, colon) : (0, token.Length);
        }
        var address = WithoutZone(token);
        return address.Length < token.Length && IpLiteral.IsIPv6(address) ? (0, address.Length) : (0, token.Length);
    }

    /// <summary>The address before an RFC 4007 zone index (<c>%eth0</c>), or all of it.</summary>
    private static ReadOnlySpan<byte> WithoutZone(ReadOnlySpan<byte> address)
    {
        var percent = address.IndexOf((byte)'%');
        return percent > 0 && percent < address.Length - 1 ? address[..percent] : address;
    }

    private static bool IsPort(ReadOnlySpan<byte> s) =>
        s.Length is > 0 and <= MaxPortDigits && s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
        && int.Parse(s) <= ushort.MaxValue;
}
