using FastLog.Columns;

namespace FastLog.Formats.Syslog;

/// <summary>
/// Reads the auth event of a syslog message: sshd (also <c>sshd-session</c> and loghub's
/// <c>sshd(pam_unix)</c>), PAM <c>pam_unix(…)</c> lines of any program, sudo and useradd
/// (docs/formats.md; docs/auth-events.md lists every event with an example).
/// </summary>
/// <remarks>
/// <para>Anchoring (docs/reliability.md R3, docs/auth-events.md "Attacker text"): a user name is
/// attacker text and may hold <c> from 6.6.6.6 port 22 ssh2</c> or anything else, and so may the
/// INFO that sshd appends after <c>sshD: </c> (client user and host of hostbased keys, certificate
/// IDs). OpenSSH writes <c>METHOD for [invalid user ]USER from ADDR port N sshD[: INFO]</c>
/// (auth.c <c>"%s %s%s%s for %s%.100s from %.200s port %d ssh2%s%s"</c>), optionally followed by
/// <c> [preauth]</c>. A candidate is a <c> from ADDR port N ssh[D]</c> followed by the end,
/// <c> [preauth]</c> or <c>: </c>; exactly one candidate is the peer; with two or more the line
/// is ambiguous (<see cref="AuthAmbiguity.SshdTail"/>: user, ip and port stay null) and the
/// parser resolves it from an earlier line of the same <c>sshd[pid]</c>
/// (<see cref="Resolve"/>). A line with no candidate (older or other servers) takes the last
/// <c> from ADDR[ port N]</c> that ends the line. Messages without the <c>sshD</c> tail
/// (<c>Invalid user U from ADDR port N</c>) take only that end-anchored form. The address must be
/// an IPv4/IPv6 literal (<see cref="IpLiteral"/>); a host name counts as a candidate (so a forged
/// literal next to a real host name is ambiguous) but is never taken. Lines that end
/// <c>IP port N [preauth]</c> without <c>from</c> (<c>Connection closed by authenticating user
/// U IP port N</c>) are read from the right.</para>
/// <para>PAM <c>authentication failure; … ruser=R rhost=H  user=U</c>: both R (set by some
/// services from client input) and U are attacker text, so a candidate is every
/// <c> rhost=VALUE</c> followed by <c> user=</c> or the end; more than one is
/// <see cref="AuthAmbiguity.PamRhost"/>. sudo: the user is the text before the first <c> : </c>; the command is the text
/// after the first <c>COMMAND=</c>.</para>
/// </remarks>
public static class AuthMessage
{
    /// <summary>Fills <paramref name="a"/> from the message <c>[h.MsgStart, h.MsgEnd)</c> of <paramref name="line"/>.</summary>
    public static void Parse(ReadOnlySpan<byte> line, in SyslogLine h, ref AuthFields a)
    {
        a.Clear();
        ParseEvent(line, in h, ref a);
        // Every failure line reports one attempt, except PAM's "N more" summary.
        if (a.Failures == 0 && AuthEventNames.IsFailure(a.Event)) a.Failures = 1;
    }

    private static void ParseEvent(ReadOnlySpan<byte> line, in SyslogLine h, ref AuthFields a)
    {
        if (h.AppStart < 0) return;
        var app = line[h.AppStart..h.AppEnd];
        var paren = app.IndexOf((byte)'(');
        var program = paren < 0 ? app : app[..paren];
        var start = h.MsgStart;
        var end = h.MsgEnd;
        if (paren >= 0 && app[paren..].SequenceEqual("(pam_unix)"u8))
        {
            // loghub's /var/log/messages: the PAM module is in the tag, the body is the message.
            ParsePamBody(line, start, end, ref a);
            return;
        }
        var msg = line[start..end];
        if (msg.StartsWith("pam_unix("u8))
        {
            var close = msg.IndexOf("): "u8);
            if (close > 0) ParsePamBody(line, start + close + 3, end, ref a);
            return;
        }
        if (msg.StartsWith("pam_faillock("u8))
        {
            var close = msg.IndexOf("): "u8);
            if (close > 0) AccountLocked(line, start + close + 3, end, ref a);
            return;
        }
        if (msg.StartsWith("PAM "u8) && PamMoreFailures(line, start + "PAM "u8.Length, end, ref a)) return;
        if (program.SequenceEqual("sshd"u8) || program.SequenceEqual("sshd-session"u8) || program.SequenceEqual("sshd-auth"u8))
            ParseSshd(line, start, end, ref a);
        else if (program.SequenceEqual("sudo"u8))
            ParseSudo(line, start, end, ref a);
        else if (program.SequenceEqual("useradd"u8) && msg.StartsWith("new user: name="u8))
            ParseNewUser(line, start + "new user: name="u8.Length, end, ref a);
        else
            ParseAccountTool(line, start, end, program, ref a);
    }

    /// <summary>
    /// The account tools' lines (shadow-utils): userdel, usermod, groupadd and a failed useradd.
    /// Names are quoted (<c>'U'</c>) and written by root's command line, not by a remote client;
    /// a name still ends at the fixed text that follows it, never at a quote inside it.
    /// </summary>
    private static void ParseAccountTool(ReadOnlySpan<byte> line, int start, int end, ReadOnlySpan<byte> program, ref AuthFields a)
    {
        var msg = line[start..end];
        if (program.SequenceEqual("userdel"u8) && msg.StartsWith("delete user '"u8) && msg.EndsWith("'"u8))
            Account(AuthEvent.UserDeleted, start + "delete user '"u8.Length, end - 1, ref a);
        else if (program.SequenceEqual("useradd"u8) && msg.StartsWith("failed adding user '"u8) && msg.EndsWith("', data deleted"u8))
            Account(AuthEvent.UserAddFailed, start + "failed adding user '"u8.Length, end - "', data deleted"u8.Length, ref a);
        else if (program.SequenceEqual("usermod"u8) && msg.StartsWith("change user '"u8))
        {
            var close = msg["change user '"u8.Length..].IndexOf("' "u8);
            if (close >= 0) Account(AuthEvent.UserChanged, start + "change user '"u8.Length, start + "change user '"u8.Length + close, ref a);
        }
        else if (program.SequenceEqual("usermod"u8) && msg.StartsWith("add '"u8) && msg.EndsWith("'"u8))
        {
            var group = msg.IndexOf("' to group '"u8);
            var shadow = msg.IndexOf("' to shadow group '"u8);
            var close = group < 0 ? shadow : shadow < 0 ? group : Math.Min(group, shadow);
            if (close >= "add '"u8.Length) Account(AuthEvent.GroupMemberAdded, start + "add '"u8.Length, start + close, ref a);
        }
        else if (program.SequenceEqual("groupadd"u8) && (msg.StartsWith("group added to /etc/group: name="u8) || msg.StartsWith("new group: name="u8)))
        {
            a.Event = AuthEvent.GroupAdded;
        }
        else if (program.SequenceEqual("unix_chkpwd"u8) && msg.StartsWith("password check failed for user ("u8) && msg.EndsWith(")"u8))
        {
            Account(AuthEvent.PasswordCheckFailed, start + "password check failed for user ("u8.Length, end - 1, ref a);
        }
    }

    private static void Account(AuthEvent e, int userStart, int userEnd, ref AuthFields a)
    {
        a.Event = e;
        a.UserStart = userStart;
        a.UserEnd = Math.Max(userStart, userEnd);
    }

    /// <summary><c>Consecutive login failures for user U account temporarily locked</c> after <c>pam_faillock(SERVICE:TYPE): </c>; U ends at the fixed end.</summary>
    private static void AccountLocked(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var body = line[at..end];
        if (body.StartsWith("Consecutive login failures for user "u8) && body.EndsWith(" account temporarily locked"u8))
            Account(AuthEvent.AccountLocked, at + "Consecutive login failures for user "u8.Length, end - " account temporarily locked"u8.Length, ref a);
    }

    /// <summary>
    /// <c>N more authentication failure[s]; logname=… rhost=H  user=U</c> at <paramref name="at"/>
    /// (after <c>PAM </c>, or as a pam_unix body): pam_unix's summary, when a connection ends, of
    /// the failures after its first one. N is <see cref="AuthFields.Failures"/>; the address and
    /// user are read as in <c>authentication failure;</c>. False when the text is not this line.
    /// </summary>
    private static bool PamMoreFailures(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var p = at;
        long n = 0;
        while (p < end && p - at < 9 && (uint)(line[p] - '0') <= 9) n = n * 10 + (line[p++] - '0');
        if (p == at) return false;
        var rest = line[p..end];
        if (!rest.StartsWith(" more authentication failure"u8)) return false;
        var semicolon = rest.IndexOf("; "u8);
        if (semicolon < 0) return false;
        a.Event = AuthEvent.PamMoreFailures;
        a.Failures = n;
        PamFailureFields(line, p + semicolon + 2, end, ref a);
        return true;
    }

    private static void ParseSshd(ReadOnlySpan<byte> line, int start, int end, ref AuthFields a)
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

    /// <summary>Whether <paramref name="app"/> (a syslog tag) is sshd's: <c>sshd</c>, <c>sshd-session</c>, <c>sshd-auth</c>.</summary>
    public static bool IsSshd(ReadOnlySpan<byte> app)
    {
        var paren = app.IndexOf((byte)'(');
        var program = paren < 0 ? app : app[..paren];
        return program.SequenceEqual("sshd"u8) || program.SequenceEqual("sshd-session"u8) || program.SequenceEqual("sshd-auth"u8);
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
    private static int ProtocolCandidates(ReadOnlySpan<byte> line, int floor, int end, ReadOnlySpan<byte> address,
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

    /// <summary>
    /// Resolves an ambiguous line (<see cref="AuthFields.Ambiguity"/>) with the peer address
    /// <paramref name="peer"/> that an earlier line of the same session named: the candidate with
    /// exactly that address (the rightmost if several) becomes the ip, and the user ends before
    /// it. False, leaving the line unresolved, when no candidate names <paramref name="peer"/>.
    /// </summary>
    public static bool Resolve(ReadOnlySpan<byte> line, ref AuthFields a, ReadOnlySpan<byte> peer)
    {
        if (peer.IsEmpty) return false;
        if (a.Ambiguity == AuthAmbiguity.SshdTail)
        {
            if (ProtocolCandidates(line, a.AmbiguousStart, a.AmbiguousEnd, peer, out var from, out var addrStart, out var addrEnd, out var port) == 0) return false;
            a.UserStart = a.AmbiguousStart;
            a.UserEnd = Math.Max(a.AmbiguousStart, from);
            (a.IpStart, a.IpEnd, a.Port) = (addrStart, addrEnd, port);
        }
        else if (a.Ambiguity == AuthAmbiguity.PamRhost)
        {
            if (RhostCandidates(line, a.AmbiguousStart, a.AmbiguousEnd, peer, out var valueStart, out var valueEnd) == 0) return false;
            (a.IpStart, a.IpEnd) = (valueStart, valueEnd);
            PamUser(line, valueEnd, a.AmbiguousEnd, ref a);
        }
        else
        {
            return false;
        }
        a.Ambiguity = AuthAmbiguity.None;
        return true;
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

    /// <summary>The body after <c>pam_unix(SERVICE:TYPE): </c> (or after the tag <c>X(pam_unix)[pid]: </c>).</summary>
    private static void ParsePamBody(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var body = line[at..end];
        if (body.StartsWith("authentication failure; "u8))
        {
            a.Event = AuthEvent.PamAuthFailure;
            PamFailureFields(line, at, end, ref a);
        }
        else if (PamMoreFailures(line, at, end, ref a))
        {
        }
        else if (body.StartsWith("password changed for "u8))
        {
            a.Event = AuthEvent.PasswordChanged;
            LocalUser(line, at + "password changed for "u8.Length, end, ref a);
        }
        else if (body.StartsWith("session opened for user "u8))
        {
            a.Event = AuthEvent.SessionOpened;
            LocalUser(line, at + "session opened for user "u8.Length, end, ref a);
        }
        else if (body.StartsWith("session closed for user "u8))
        {
            a.Event = AuthEvent.SessionClosed;
            LocalUser(line, at + "session closed for user "u8.Length, end, ref a);
        }
    }

    /// <summary>
    /// The <c>rhost=</c> address and <c>user=</c> of a PAM failure's key=value list in
    /// <c>[at, end)</c>: a single <c> rhost=VALUE</c> candidate is the peer (an address literal
    /// only); several make the line ambiguous (<see cref="AuthAmbiguity.PamRhost"/>).
    /// </summary>
    private static void PamFailureFields(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var candidates = RhostCandidates(line, at, end, default, out var valueStart, out var valueEnd);
        if (candidates > 1)
        {
            a.Ambiguity = AuthAmbiguity.PamRhost;
            a.AmbiguousStart = at;
            a.AmbiguousEnd = end;
            return;
        }
        if (candidates == 0) return;
        if (IpLiteral.IsValid(line[valueStart..valueEnd]))
        {
            a.IpStart = valueStart;
            a.IpEnd = valueEnd;
        }
        PamUser(line, valueEnd, end, ref a);
    }

    /// <summary>
    /// Counts the candidates <c> rhost=VALUE</c> (VALUE up to a space, possibly empty) followed by
    /// <c> user=</c>, <c>  user=</c>, a final space or the end, in <c>[at, end)</c>, stopping at
    /// two; the first one is returned. With a non-empty <paramref name="address"/> only
    /// candidates whose VALUE is exactly it count.
    /// </summary>
    private static int RhostCandidates(ReadOnlySpan<byte> line, int at, int end, ReadOnlySpan<byte> address, out int valueStart, out int valueEnd)
    {
        valueStart = valueEnd = -1;
        var count = 0;
        var p = at;
        // Invariant: every " rhost=" left of p has been tried; p only increases.
        while (count < 2)
        {
            var k = line[p..end].IndexOf(" rhost="u8);
            if (k < 0) break;
            var s = p + k + " rhost="u8.Length;
            var space = line[s..end].IndexOf((byte)' ');
            var e = space < 0 ? end : s + space;
            var after = line[e..end];
            if ((after.IsEmpty || after.SequenceEqual(" "u8) || after.StartsWith(" user="u8) || after.StartsWith("  user="u8))
                && (address.IsEmpty || line[s..e].SequenceEqual(address)))
            {
                if (count == 0) (valueStart, valueEnd) = (s, e);
                count++;
            }
            p = s;
        }
        return count;
    }

    /// <summary>The value of the <c> user=</c> after a PAM <c>rhost=</c> value ending at <paramref name="valueEnd"/>: to the end of the message.</summary>
    private static void PamUser(ReadOnlySpan<byte> line, int valueEnd, int end, ref AuthFields a)
    {
        var user = line[valueEnd..end].IndexOf(" user="u8);
        if (user < 0) return;
        a.UserStart = valueEnd + user + " user="u8.Length;
        a.UserEnd = end;
    }

    /// <summary>A local account name: up to a space, <c>(</c> or the end.</summary>
    private static void LocalUser(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var stop = line[at..end].IndexOfAny((byte)' ', (byte)'(');
        a.UserStart = at;
        a.UserEnd = stop < 0 ? end : at + stop;
    }

    /// <summary><c>U : TTY=… ; PWD=… ; USER=… ; COMMAND=…</c>, or <c>U : REASON ; TTY=… ; COMMAND=…</c> (denied).</summary>
    private static void ParseSudo(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        var sep = line[at..end].IndexOf(" : "u8);
        if (sep < 0) return;
        var userStart = at;
        while (userStart < at + sep && line[userStart] == (byte)' ') userStart++;
        var rest = at + sep + " : "u8.Length;
        var tail = line[rest..end];
        if (tail.StartsWith("TTY="u8) || tail.StartsWith("PWD="u8) || tail.StartsWith("HOST="u8)) a.Event = AuthEvent.SudoCommand;
        else if (tail.IndexOf(" ; "u8) > 0) a.Event = AuthEvent.SudoDenied;
        else return;
        a.UserStart = userStart;
        a.UserEnd = at + sep;
        var command = tail.IndexOf("COMMAND="u8);
        if (command >= 0)
        {
            a.CommandStart = rest + command + "COMMAND="u8.Length;
            a.CommandEnd = end;
        }
    }

    /// <summary><c>U, UID=…</c> after <c>new user: name=</c>.</summary>
    private static void ParseNewUser(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
    {
        a.Event = AuthEvent.NewUser;
        var comma = line[at..end].IndexOf((byte)',');
        a.UserStart = at;
        a.UserEnd = comma < 0 ? end : at + comma;
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
