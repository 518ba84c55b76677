using FastLog.Columns;

namespace FastLog.Formats.Syslog;

/// <summary>The messages of sshd (<see cref="AuthMessage"/> dispatches to it).</summary>
/// <remarks>
/// Anchoring (docs/reliability.md R3, docs/auth-events.md "Attacker text"): a user name is
/// attacker text and may hold <c> from 6.6.6.6 port 22 ssh2</c> or anything else, and so may the
/// INFO that sshd appends after <c>sshD: </c> (client user and host of hostbased keys, certificate
/// IDs). OpenSSH writes <c>METHOD for [invalid user ]USER from ADDR port N sshD[: INFO]</c>
/// (auth.c <c>"%s %s%s%s for %s%.100s from %.200s port %d ssh2%s%s"</c>), optionally followed by
/// <c> [preauth]</c>. A candidate is a <c> from ADDR port N ssh[D]</c> followed by the end,
/// <c> [preauth]</c> or <c>: </c>; exactly one candidate is the peer; with two or more the line
/// is ambiguous (<see cref="AuthAmbiguity.SshdTail"/>: user, ip and port stay null) and the
/// parser resolves it from an earlier line of the same <c>sshd[pid]</c>
/// (<see cref="AuthMessage.Resolve"/>). A line with no candidate (older or other servers) takes the last
/// <c> from ADDR[ port N]</c> that ends the line. Messages without the <c>sshD</c> tail
/// (<c>Invalid user U from ADDR port N</c>) take only that end-anchored form. The address must be
/// an IPv4/IPv6 literal (<see cref="IpLiteral"/>); a host name counts as a candidate (so a forged
/// literal next to a real host name is ambiguous) but is never taken. Lines that end
/// <c>IP port N [preauth]</c> without <c>from</c> (<c>Connection closed by authenticating user
/// U IP port N</c>) are read from the right.
/// </remarks>
internal static class SshdMessage
{
    /// <summary>Fills <paramref name="a"/> from the message <c>[start, end)</c> of an sshd line (after an optional Solaris or <c>error: </c> prefix).</summary>
    internal static void ParseSshd(ReadOnlySpan<byte> line, int start, int end, ref AuthFields a)
    {
        var msg = line[start..end];
        // Solaris "[ID 800047 auth.info] " and OpenSSH "error: " prefixes.
        if (msg.StartsWith("[ID "u8))
        {
            var close = msg.IndexOf("] "u8);
            if (close > 0) start += close + 2;
        }
        if (line[start..end].StartsWith("error: "u8)) start += "error: "u8.Length;
        msg = line[start..end];

        if (msg.StartsWith("Failed "u8)) ParseAuthResult(line, start + "Failed "u8.Length, end, failed: true, ref a);
        else if (msg.StartsWith("Accepted "u8)) ParseAuthResult(line, start + "Accepted "u8.Length, end, failed: false, ref a);
        else if (msg.StartsWith("Invalid user "u8)) UserFrom(line, start + "Invalid user "u8.Length, end, AuthEvent.InvalidUser, 1, protocolTail: false, ref a);
        else if (msg.StartsWith("maximum authentication attempts exceeded for "u8)) UserFrom(line, start + "maximum authentication attempts exceeded for "u8.Length, end, AuthEvent.MaxAuthAttempts, 0, protocolTail: true, ref a);
        else if (msg.StartsWith("Did not receive identification string from "u8)) AddressFrom(line, start + "Did not receive identification string from "u8.Length - " from "u8.Length, end, AuthEvent.NoIdentification, ref a);
        else if (msg.StartsWith("Connection closed by "u8)) UserAddressAtEnd(line, start + "Connection closed by "u8.Length, end, AuthEvent.ConnectionClosed, ref a);
        else if (msg.StartsWith("Connection reset by "u8)) UserAddressAtEnd(line, start + "Connection reset by "u8.Length, end, AuthEvent.ConnectionClosed, ref a);
        else if (msg.StartsWith("Disconnected from "u8)) UserAddressAtEnd(line, start + "Disconnected from "u8.Length, end, AuthEvent.Disconnected, ref a);
        else if (msg.StartsWith("Received disconnect from "u8)) ReceivedDisconnect(line, start + "Received disconnect from "u8.Length, end, ref a);
        else if (msg.StartsWith("PAM: Authentication failure for "u8)) PamErrorFrom(line, start + "PAM: Authentication failure for "u8.Length, end, ref a);
        else if (msg.StartsWith("PAM: authentication error for "u8)) PamErrorFrom(line, start + "PAM: authentication error for "u8.Length, end, ref a);
        else if (msg.StartsWith("PAM: User not known to the underlying authentication module for "u8))
            PamErrorFrom(line, start + "PAM: User not known to the underlying authentication module for "u8.Length, end, ref a, AuthEvent.PamUserUnknown);
        else if (msg.StartsWith("ssh_dispatch_run_fatal: Connection from "u8)) FatalConnection(line, start + "ssh_dispatch_run_fatal: Connection from "u8.Length, end, ref a);
        else if (msg.StartsWith("Connection from "u8)) ConnectionFrom(line, start + "Connection from "u8.Length, end, ref a);
    }

    /// <summary>
    /// <c>IP port N[ on IP port N[ rdomain "…"]]</c> after <c>Connection from </c>: sshd's first line
    /// of a session, written before the client sent anything, so the address is read from the
    /// left. It is kept as context (<see cref="AuthFields.PeerStart"/>), not as a record's ip.
    /// </summary>
    private static void ConnectionFrom(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var space = line[at..end].IndexOf((byte)' ');
        if (space <= 0 || !line[(at + space)..end].StartsWith(" port "u8) || !IpLiteral.IsValid(line.Slice(at, space))) return;
        a.PeerStart = at;
        a.PeerEnd = at + space;
    }

    /// <summary>
    /// <c>[authenticating user U |invalid user U ]IP port N: ERROR[ [preauth]]</c> after
    /// <c>ssh_dispatch_run_fatal: Connection from </c> (OpenSSH packet.c <c>sshpkt_vfatal</c>), the
    /// line of rule L1's protocol attacks. ERROR is <c>ssh_err()</c> text, which never holds
    /// <c> port </c>, so the rightmost <c> port N:</c> is the server's and the address and user are
    /// read from the right of it (the user may hold anything). The event stays <c>other</c>.
    /// </summary>
    private static void FatalConnection(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var portAt = line[at..end].LastIndexOf(" port "u8);
        if (portAt < 0) return;
        var p = at + portAt + " port "u8.Length;
        var digitsStart = p;
        while (p < end && p - digitsStart < 6 && (uint)(line[p] - '0') <= 9) p++;
        if (p == digitsStart || p >= end || line[p] != (byte)':') return;
        UserAddressAtEnd(line, at, p, AuthEvent.Other, ref a);
    }

    /// <summary><c>METHOD for [invalid user ]USER from IP port N sshD[: INFO]</c> after <c>Failed </c> / <c>Accepted </c>.</summary>
    private static void ParseAuthResult(ReadOnlySpan<byte> line, int at, int end, bool failed, ref AuthFields a)
    {
        var space = line[at..end].IndexOf((byte)' ');
        if (space <= 0 || !line[(at + space)..end].StartsWith(" for "u8)) return;
        var method = line.Slice(at, space);
        a.MethodStart = at;
        a.MethodEnd = at + space;
        a.Event = !failed ? AuthEvent.Accepted
            : method.SequenceEqual("password"u8) ? AuthEvent.FailedPassword
            : method.SequenceEqual("publickey"u8) ? AuthEvent.FailedPublickey
            : method.SequenceEqual("none"u8) ? AuthEvent.FailedNone
            : AuthEvent.FailedOther;
        var userStart = at + space + " for "u8.Length;
        var invalid = 0;
        if (line[userStart..end].StartsWith("invalid user "u8))
        {
            invalid = 1;
            userStart += "invalid user "u8.Length;
        }
        UserFrom(line, userStart, end, a.Event, invalid, protocolTail: true, ref a);
    }

    /// <summary>
    /// <c>USER from IP …</c>: with <paramref name="protocolTail"/> the single candidate
    /// <c> from ADDR port N sshD</c> (see remarks; several make the line ambiguous), else or
    /// without any candidate the <c> from ADDR[ port N]</c> that ends the line.
    /// </summary>
    private static void UserFrom(ReadOnlySpan<byte> line, int userStart, int end, AuthEvent e, int invalid, bool protocolTail, ref AuthFields a)
    {
        a.Event = e;
        a.InvalidUser = invalid;
        if (e == AuthEvent.MaxAuthAttempts && line[userStart..end].StartsWith("invalid user "u8))
        {
            a.InvalidUser = 1;
            userStart += "invalid user "u8.Length;
        }
        // An empty user leaves " from " right at userStart ("Invalid user  from 1.2.3.4").
        int from = -1, addrStart = -1, addrEnd = -1;
        long port = -1;
        var candidates = protocolTail ? ProtocolCandidates(line, userStart, end, default, out from, out addrStart, out addrEnd, out port) : 0;
        if (candidates > 1)
        {
            a.Ambiguity = AuthAmbiguity.SshdTail;
            a.AmbiguousStart = userStart;
            a.AmbiguousEnd = end;
            return;
        }
        if (candidates == 0 && !EndTail(line, userStart, end, out from, out addrStart, out addrEnd, out port)) return;
        if (!IpLiteral.IsValid(line[addrStart..addrEnd])) return;
        a.UserStart = userStart;
        a.UserEnd = Math.Max(userStart, from);
        a.IpStart = addrStart;
        a.IpEnd = addrEnd;
        a.Port = port;
    }

    /// <summary><c> from IP[ port N]</c> at <paramref name="fromAt"/> that ends the line (no user).</summary>
    private static void AddressFrom(ReadOnlySpan<byte> line, int fromAt, int end, AuthEvent e, ref AuthFields a)
    {
        a.Event = e;
        if (!EndTail(line, fromAt, end, out _, out var addrStart, out var addrEnd, out var port) || !IpLiteral.IsValid(line[addrStart..addrEnd])) return;
        a.IpStart = addrStart;
        a.IpEnd = addrEnd;
        a.Port = port;
    }

    /// <summary>
    /// Counts the candidates <c> from ADDR port N ssh[D]</c> followed by the end, <c> [preauth]</c>
    /// or <c>: </c> in <c>[floor, end)</c>, stopping at two; <paramref name="from"/> and the rest
    /// describe the rightmost one. With a non-empty <paramref name="address"/> only candidates
    /// whose ADDR is exactly it count.
    /// </summary>
    internal static int ProtocolCandidates(ReadOnlySpan<byte> line, int floor, int end, ReadOnlySpan<byte> address,
        out int from, out int addrStart, out int addrEnd, out long port)
    {
        from = addrStart = addrEnd = -1;
        port = -1;
        var count = 0;
        var limit = end;
        // Invariant: every " from " at or right of limit has been tried; limit only decreases and
        // each try reads only the address token after it (tokens of different tries do not
        // overlap), so the scan is linear in the message length.
        while (limit > floor && count < 2)
        {
            var k = line[floor..limit].LastIndexOf(" from "u8);
            if (k < 0) break;
            var at = floor + k;
            if (ProtocolTail(line, at + " from "u8.Length, end, out var s, out var e, out var p)
                && (address.IsEmpty || line[s..e].SequenceEqual(address)))
            {
                if (count == 0) (from, addrStart, addrEnd, port) = (at, s, e, p);
                count++;
            }
            limit = at;
        }
        return count;
    }

    /// <summary>Whether <c>ADDR port N ssh[D]</c> then the end, <c> [preauth]</c> or <c>: </c> starts at <paramref name="at"/>.</summary>
    private static bool ProtocolTail(ReadOnlySpan<byte> line, int at, int end, out int addrStart, out int addrEnd, out long port)
    {
        addrStart = at;
        port = -1;
        var space = line[at..end].IndexOf((byte)' ');
        addrEnd = space < 0 ? end : at + space;
        if (space <= 0 || !Port(line, addrEnd, end, out var p, out port)) return false;
        var rest = line[p..end];
        if (!rest.StartsWith(" ssh"u8)) return false;
        rest = rest[4..];
        if (!rest.IsEmpty && (uint)(rest[0] - '0') <= 9) rest = rest[1..];
        return IsLineEnd(rest) || rest.StartsWith(": "u8);
    }

    /// <summary><c> port N</c> (1–5 digits, at most 65535) at <paramref name="at"/>; <paramref name="next"/> is the offset after it.</summary>
    private static bool Port(ReadOnlySpan<byte> line, int at, int end, out int next, out long port)
    {
        port = -1;
        next = at;
        if (!line[at..end].StartsWith(" port "u8)) return false;
        var p = at + " port "u8.Length;
        var digitsStart = p;
        long value = 0;
        while (p < end && p - digitsStart < 6 && (uint)(line[p] - '0') <= 9) value = value * 10 + (line[p++] - '0');
        if (p == digitsStart || p - digitsStart > 5 || value > 65535) return false;
        (next, port) = (p, value);
        return true;
    }

    /// <summary>The last <c> from ADDR[ port N]</c> in <c>[floor, end)</c> when it ends the line (or is followed by <c> [preauth]</c>).</summary>
    private static bool EndTail(ReadOnlySpan<byte> line, int floor, int end, out int from, out int addrStart, out int addrEnd, out long port)
    {
        port = -1;
        addrStart = addrEnd = -1;
        var k = line[floor..end].LastIndexOf(" from "u8);
        from = k < 0 ? -1 : floor + k;
        if (k < 0) return false;
        addrStart = from + " from "u8.Length;
        var space = line[addrStart..end].IndexOf((byte)' ');
        addrEnd = space < 0 ? end : addrStart + space;
        if (addrEnd == addrStart) return false;
        if (IsLineEnd(line[addrEnd..end])) return true;
        return Port(line, addrEnd, end, out var next, out port) && IsLineEnd(line[next..end]);
    }

    private static bool IsLineEnd(ReadOnlySpan<byte> rest) => rest.IsEmpty || rest.SequenceEqual(" [preauth]"u8);

    /// <summary>
    /// <c>[authenticating user U |invalid user U |user U ]IP[ port N][ [preauth]]</c>, read from
    /// the right end (the user may contain anything, including addresses and <c>port</c>).
    /// </summary>
    private static void UserAddressAtEnd(ReadOnlySpan<byte> line, int at, int end, AuthEvent e, ref AuthFields a)
    {
        a.Event = e;
        var stop = end;
        if (line[at..stop].EndsWith(" [preauth]"u8)) stop -= " [preauth]"u8.Length;
        long port = -1;
        var portAt = line[at..stop].LastIndexOf(" port "u8);
        if (portAt >= 0)
        {
            var digits = line[(at + portAt + " port "u8.Length)..stop];
            if (digits.Length is >= 1 and <= 5 && AllDigits(digits))
            {
                port = ParseDigits(digits);
                stop = at + portAt;
            }
        }
        var lastSpace = line[at..stop].LastIndexOf((byte)' ');
        var ipStart = lastSpace < 0 ? at : at + lastSpace + 1;
        if (!IpLiteral.IsValid(line[ipStart..stop]) || port > 65535) return;
        a.IpStart = ipStart;
        a.IpEnd = stop;
        a.Port = port;
        var head = line[at..Math.Max(at, ipStart - 1)];
        var userStart = -1;
        if (head.StartsWith("authenticating user "u8))
        {
            userStart = at + "authenticating user "u8.Length;
        }
        else if (head.StartsWith("invalid user "u8))
        {
            userStart = at + "invalid user "u8.Length;
            a.InvalidUser = 1;
        }
        else if (head.StartsWith("user "u8))
        {
            userStart = at + "user "u8.Length;
        }
        if (userStart >= 0)
        {
            a.UserStart = Math.Min(userStart, ipStart - 1);
            a.UserEnd = ipStart - 1;
        }
    }

    /// <summary><c>IP[ port N]:CODE: TEXT</c>: the client writes TEXT, so the address is read from the left.</summary>
    private static void ReceivedDisconnect(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        a.Event = AuthEvent.Disconnected;
        var space = line[at..end].IndexOf((byte)' ');
        var tokenEnd = space < 0 ? end : at + space;
        var ipEnd = tokenEnd;
        long port = -1;
        if (line[tokenEnd..end].StartsWith(" port "u8))
        {
            var p = tokenEnd + " port "u8.Length;
            var digitsStart = p;
            while (p < end && p - digitsStart < 6 && (uint)(line[p] - '0') <= 9) p++;
            if (p - digitsStart is >= 1 and <= 5) port = ParseDigits(line[digitsStart..p]);
        }
        else if (ipEnd > at && line[ipEnd - 1] == (byte)':')
        {
            ipEnd--;
        }
        if (!IpLiteral.IsValid(line[at..ipEnd]) || port > 65535) return;
        a.IpStart = at;
        a.IpEnd = ipEnd;
        a.Port = port;
    }

    /// <summary>
    /// <c>[illegal user ]U from HOST[ via HOST]</c> after <c>PAM: Authentication failure for </c>
    /// (or <c>PAM: User not known … for </c>): sshd writes HOST last, so the last <c> from </c>
    /// is anchored at the end and a user holding <c> from 1.2.3.4</c> stays user text.
    /// </summary>
    private static void PamErrorFrom(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a, AuthEvent e = AuthEvent.PamAuthFailure)
    {
        a.Event = e;
        var via = line[at..end].LastIndexOf(" via "u8);
        if (via >= 0 && line[(at + via + " via "u8.Length)..end].IndexOf((byte)' ') < 0) end = at + via;
        if (line[at..end].StartsWith("illegal user "u8))
        {
            at += "illegal user "u8.Length;
            a.InvalidUser = 1;
        }
        var from = line[at..end].LastIndexOf(" from "u8);
        if (from < 0) return;
        a.UserStart = at;
        a.UserEnd = at + from;
        var hostStart = at + from + " from "u8.Length;
        if (IpLiteral.IsValid(line[hostStart..end]))
        {
            a.IpStart = hostStart;
            a.IpEnd = end;
        }
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        foreach (var c in s)
            if ((uint)(c - '0') > 9) return false;
        return true;
    }

    private static long ParseDigits(ReadOnlySpan<byte> s)
    {
        long v = 0;
        foreach (var c in s) v = v * 10 + (c - '0');
        return v;
    }
}
