using FastLog.Diagnostics;

namespace FastLog.Formats.Syslog;

/// <summary>
/// Reads the syslog header of one line by position: RFC 3164 (<c>[&lt;PRI&gt;]Mmm dd hh:mm:ss HOST TAG[PID]: MSG</c>),
/// the same with an RFC 3339 stamp, and RFC 5424 (<c>&lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]</c>),
/// each optionally behind an RFC 6587 §3.4.1 octet count.
/// </summary>
/// <remarks>
/// <para>RFC 3164 TAG: the bytes after HOST up to the first <c>[</c>, <c>:</c> or space
/// (<c>sshd(pam_unix)</c> stays whole); <c>[digits]</c> is the PID; one <c>:</c> and one space
/// after it are dropped. A TAG ended by a space (<c>syslogd 1.4.1: restart.</c>) is the app and
/// the rest the message. An empty TAG (two spaces after HOST) leaves app null and the message
/// is the rest, leading spaces dropped. An empty HOST (two spaces after the stamp, then a token
/// that can only be a TAG: <c>sshd[1332]:</c>) leaves host null; two spaces before a host name
/// are one separator.</para>
/// <para>Repeats: rsyslog's <c>message repeated N times: [ BODY]</c> is one record whose message
/// is BODY and whose repeat is N (the line stands for N occurrences of BODY, the first having
/// been logged on its own line before). The legacy <c>last message repeated N times</c> names no
/// program and no body: it is one record with app null, the line's text as message and repeat N
/// (occurrences of an unknown message), never merged into a neighbouring line, so the result
/// does not depend on where a chunk starts. With <c>--repeats once</c> both count 1.</para>
/// <para>RFC 5424: NILVALUE <c>-</c> leaves HOST, APP-NAME, PROCID and MSGID null; a nil
/// TIMESTAMP has no instant, so the line is <c>bad_time</c> (every record has a ts). PROCID that
/// is not all digits leaves pid null. STRUCTURED-DATA is checked and skipped (§6.3.3: inside a
/// PARAM-VALUE, <c>\"</c>, <c>\\</c> and <c>\]</c> are escapes). A UTF-8 BOM opening MSG is
/// dropped (§6.4).</para>
/// </remarks>
public static class SyslogHeader
{
    /// <summary>RFC 5424 §6.1: PRI is at most 191 (facility 23, severity 7).</summary>
    public const int MaxPri = 191;

    /// <summary>RFC 5424 §6: PROCID is 1–128 printable bytes.</summary>
    public const int MaxProcIdLength = 128;

    /// <summary>
    /// Parses <paramref name="line"/> (no CR, no LF) into <paramref name="h"/>. Returns false with
    /// <paramref name="reason"/> <c>bad_header</c> (not syslog) or <c>bad_time</c> (impossible instant).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, in SyslogTimestamp.YearRule years, bool expandRepeats, ref SyslogLine h, out MalformedReason reason)
    {
        reason = MalformedReason.BadHeader;
        h.Pri = -1;
        h.HostStart = h.HostEnd = h.AppStart = h.AppEnd = h.MsgIdStart = h.MsgIdEnd = -1;
        h.Pid = -1;
        h.Repeat = 1;
        h.Nanoseconds = 0;
        var at = 0;

        // RFC 6587 octet counting: "123 <PRI>…". A 3339 stamp also opens with digits, but never "digits SP <".
        if (line.Length > 2 && IsDigit(line[0]))
        {
            var k = 1;
            while (k < line.Length && k < 10 && IsDigit(line[k])) k++;
            if (k + 1 < line.Length && line[k] == (byte)' ' && line[k + 1] == (byte)'<') at = k + 1;
        }
        if (at < line.Length && line[at] == (byte)'<')
        {
            if (!TryPri(line, ref at, out h.Pri)) return false;
            if (at + 1 < line.Length && line[at] == (byte)'1' && line[at + 1] == (byte)' ')
                return TryParse5424(line, at + 2, ref h, out reason);
        }

        // Timestamp: RFC 3164 by its month letters, RFC 3339 by its digits.
        if (at >= line.Length) return false;
        var rest = line[at..];
        SyslogTimestamp.Outcome outcome;
        int tsLength;
        if (IsDigit(rest[0]))
            outcome = SyslogTimestamp.TryParseRfc3339(rest, out h.UnixSeconds, out h.Nanoseconds, out tsLength);
        else
            outcome = SyslogTimestamp.TryParseRfc3164(rest, years, out h.UnixSeconds, out tsLength);
        if (outcome != SyslogTimestamp.Outcome.Ok)
        {
            if (outcome == SyslogTimestamp.Outcome.BadValue) reason = MalformedReason.BadTime;
            return false;
        }
        at += tsLength;
        if (at >= line.Length || line[at] != (byte)' ') return false;
        at++;

        // FreeBSD syslogd -v / -vv write the priority after the stamp: <4.6> or <auth.info>.
        if (at < line.Length && line[at] == (byte)'<' && h.Pri < 0) SkipBsdPriority(line, ref at, ref h);

        // HOST: one non-empty token, or none when the sender wrote an empty one (two spaces
        // after the stamp, as some containers and embedded syslogds do) and a TAG follows.
        if (at < line.Length && line[at] == (byte)' ' && IsTagToken(line, at + 1))
        {
            ParseTag(line, at + 1, ref h);
            ReadRepeat(line, expandRepeats, ref h);
            return true;
        }
        if (at < line.Length && line[at] == (byte)' ') at++; // a doubled separator before a host name
        var hostEnd = SpaceOrEnd(line, at);
        if (hostEnd == at || hostEnd == line.Length) return false;
        h.HostStart = at;
        h.HostEnd = hostEnd;
        at = hostEnd + 1;

        if (line[at..].StartsWith("last message repeated "u8))
        {
            // Legacy repeat: no TAG, no body (see remarks).
            h.MsgStart = at;
            h.MsgEnd = line.Length;
            if (TryCount(line, at + "last message repeated "u8.Length, out var n, out _) && expandRepeats) h.Repeat = n;
            return true;
        }
        ParseTag(line, at, ref h);
        ReadRepeat(line, expandRepeats, ref h);
        return true;
    }

    /// <summary>
    /// FreeBSD's <c>&lt;FACILITY.LEVEL&gt; </c> after the timestamp (syslogd -v numbers, -vv names,
    /// syslog.conf(5) spellings); when it is one, <paramref name="at"/> moves past it and PRI is set.
    /// </summary>
    private static void SkipBsdPriority(ReadOnlySpan<byte> line, ref int at, ref SyslogLine h)
    {
        var close = line[at..].IndexOf("> "u8);
        if (close < 4 || close > 20) return;
        var inner = line.Slice(at + 1, close - 1);
        var dot = inner.IndexOf((byte)'.');
        if (dot <= 0) return;
        var facility = BsdCode(inner[..dot], s_facilities);
        var severity = BsdCode(inner[(dot + 1)..], s_levels);
        if (facility is < 0 or > 23 || severity is < 0 or > 7) return;
        h.Pri = facility * 8 + severity;
        at += close + 2;
    }

    private static readonly string[] s_facilities =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp",
        "security", "console", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    private static readonly string[] s_levels = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    /// <summary>A 1–2 digit number, or the index of a name in <paramref name="names"/>; -1 otherwise.</summary>
    private static int BsdCode(ReadOnlySpan<byte> s, string[] names)
    {
        if (s.Length is 1 or 2 && IsDigit(s[0]) && IsDigit(s[^1])) return s.Length == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
        for (var k = 0; k < names.Length; k++)
        {
            if (s.Length != names[k].Length) continue;
            var equal = true;
            for (var c = 0; c < s.Length && equal; c++) equal = s[c] == names[k][c];
            if (equal) return k;
        }
        return -1;
    }

    /// <summary>TAG[PID]: MSG from <paramref name="at"/> (see remarks).</summary>
    /// <summary>
    /// True when the token at <paramref name="at"/> can only be a TAG, not a host name: it ends
    /// with <c>:</c> or carries a <c>[PID]</c> (<c>sshd[1332]:</c>, <c>kernel:</c>).
    /// </summary>
    private static bool IsTagToken(ReadOnlySpan<byte> line, int at)
    {
        var end = SpaceOrEnd(line, at);
        if (end == at) return false;
        var token = line[at..end];
        return token[^1] == (byte)':' || token.IndexOf((byte)'[') > 0;
    }

    private static void ParseTag(ReadOnlySpan<byte> line, int at, ref SyslogLine h)
    {
        var tagLength = line[at..].IndexOfAny((byte)'[', (byte)':', (byte)' ');
        var tagEnd = tagLength < 0 ? line.Length : at + tagLength;
        if (tagEnd == at)
        {
            // No TAG: the message is the rest, leading spaces dropped.
            var first = at;
            while (first < line.Length && line[first] == (byte)' ') first++;
            h.MsgStart = first;
            h.MsgEnd = line.Length;
            return;
        }
        h.AppStart = at;
        h.AppEnd = tagEnd;
        var p = tagEnd;
        if (p < line.Length && line[p] == (byte)'[')
        {
            // RFC 5424 §6: PROCID is at most 128 bytes; a farther ']' is message text, not a PID's end.
            var close = line[p..Math.Min(line.Length, p + MaxProcIdLength + 2)].IndexOf((byte)']');
            if (close > 0)
            {
                h.Pid = ParsePid(line.Slice(p + 1, close - 1));
                p += close + 1;
            }
        }
        if (p < line.Length && line[p] == (byte)':') p++;
        if (p < line.Length && line[p] == (byte)' ') p++;
        h.MsgStart = p;
        h.MsgEnd = line.Length;
    }

    /// <summary>rsyslog <c>message repeated N times: [ BODY]</c>: the message becomes BODY and the repeat N.</summary>
    private static void ReadRepeat(ReadOnlySpan<byte> line, bool expandRepeats, ref SyslogLine h)
    {
        var msg = line[h.MsgStart..h.MsgEnd];
        if (!msg.StartsWith("message repeated "u8)) return;
        var at = h.MsgStart + "message repeated "u8.Length;
        if (!TryCount(line, at, out var n, out var end)) return;
        if (!line[end..].StartsWith(" times: ["u8)) return;
        var bodyStart = end + " times: ["u8.Length;
        if (bodyStart < line.Length && line[bodyStart] == (byte)' ') bodyStart++;
        var bodyEnd = line.Length;
        if (bodyEnd > bodyStart && line[bodyEnd - 1] == (byte)']') bodyEnd--;
        h.MsgStart = bodyStart;
        h.MsgEnd = bodyEnd;
        if (expandRepeats) h.Repeat = n;
    }

    /// <summary>1–9 digits at <paramref name="at"/>, at least 1, ended by a space.</summary>
    private static bool TryCount(ReadOnlySpan<byte> line, int at, out long n, out int end)
    {
        n = 0;
        end = at;
        // Invariant: [at, end) are digits; 9 digits cannot overflow a long.
        while (end < line.Length && end - at < 10 && IsDigit(line[end])) n = n * 10 + (line[end++] - '0');
        return end > at && end - at <= 9 && n >= 1 && end < line.Length && line[end] == (byte)' ';
    }

    /// <summary>&lt;PRI&gt;: 1–3 digits, no leading zero unless it is 0 (RFC 5424 §6.2.1), at most 191.</summary>
    private static bool TryPri(ReadOnlySpan<byte> line, ref int at, out int pri)
    {
        pri = -1;
        var k = at + 1;
        var value = 0;
        while (k < line.Length && k - at <= 3 && IsDigit(line[k])) value = value * 10 + (line[k++] - '0');
        var digits = k - at - 1;
        if (digits is 0 or > 3 || k >= line.Length || line[k] != (byte)'>') return false;
        if (digits > 1 && line[at + 1] == (byte)'0') return false;
        if (value > MaxPri) return false;
        pri = value;
        at = k + 1;
        return true;
    }

    /// <summary>RFC 5424 §6 after <c>&lt;PRI&gt;1 </c>.</summary>
    private static bool TryParse5424(ReadOnlySpan<byte> line, int at, ref SyslogLine h, out MalformedReason reason)
    {
        reason = MalformedReason.BadHeader;
        if (at >= line.Length) return false;
        if (line[at] == (byte)'-')
        {
            // NILVALUE timestamp: no instant to give the record (see remarks).
            reason = MalformedReason.BadTime;
            return false;
        }
        var outcome = SyslogTimestamp.TryParseRfc3339(line[at..], out h.UnixSeconds, out h.Nanoseconds, out var tsLength);
        if (outcome != SyslogTimestamp.Outcome.Ok)
        {
            if (outcome == SyslogTimestamp.Outcome.BadValue) reason = MalformedReason.BadTime;
            return false;
        }
        at += tsLength;
        if (!NextField(line, ref at, out var hostStart, out var hostEnd)) return false;
        if (!NextField(line, ref at, out var appStart, out var appEnd)) return false;
        if (!NextField(line, ref at, out var procStart, out var procEnd)) return false;
        if (!NextField(line, ref at, out var msgIdStart, out var msgIdEnd)) return false;
        if (!IsNil(line, hostStart, hostEnd)) (h.HostStart, h.HostEnd) = (hostStart, hostEnd);
        if (!IsNil(line, appStart, appEnd)) (h.AppStart, h.AppEnd) = (appStart, appEnd);
        if (!IsNil(line, msgIdStart, msgIdEnd)) (h.MsgIdStart, h.MsgIdEnd) = (msgIdStart, msgIdEnd);
        h.Pid = ParsePid(line[procStart..procEnd]);

        // SP STRUCTURED-DATA
        if (at >= line.Length || line[at] != (byte)' ') return false;
        at++;
        if (at >= line.Length) return false;
        if (line[at] == (byte)'-')
        {
            at++;
        }
        else if (!SkipStructuredData(line, ref at))
        {
            return false;
        }

        // [SP MSG], MSG possibly opened by a BOM.
        if (at < line.Length)
        {
            if (line[at] != (byte)' ') return false;
            at++;
            if (line[at..].StartsWith("\uFEFF"u8)) at += 3; // the BOM's UTF-8 bytes EF BB BF
        }
        h.MsgStart = Math.Min(at, line.Length);
        h.MsgEnd = line.Length;
        return true;
    }

    /// <summary>One or more <c>[SD-ID PARAM="VALUE" …]</c> elements from <paramref name="at"/>.</summary>
    private static bool SkipStructuredData(ReadOnlySpan<byte> line, ref int at)
    {
        var elements = 0;
        // Invariant: at is the first byte after the previous element (or of the first one);
        // every step moves at forward, so the loop ends by the line's end.
        while (at < line.Length && line[at] == (byte)'[')
        {
            at++;
            var inValue = false;
            var closed = false;
            while (at < line.Length)
            {
                var c = line[at];
                if (inValue)
                {
                    if (c == (byte)'\\' && at + 1 < line.Length) at++;
                    else if (c == (byte)'"') inValue = false;
                }
                else if (c == (byte)'"')
                {
                    inValue = true;
                }
                else if (c == (byte)']')
                {
                    closed = true;
                    at++;
                    break;
                }
                at++;
            }
            if (!closed) return false;
            elements++;
        }
        return elements > 0;
    }

    /// <summary>SP then a non-empty token (no space) from <paramref name="at"/>.</summary>
    private static bool NextField(ReadOnlySpan<byte> line, ref int at, out int start, out int end)
    {
        start = end = -1;
        if (at >= line.Length || line[at] != (byte)' ') return false;
        start = at + 1;
        end = SpaceOrEnd(line, start);
        if (end == start) return false;
        at = end;
        return true;
    }

    private static bool IsNil(ReadOnlySpan<byte> line, int start, int end) => end - start == 1 && line[start] == (byte)'-';

    /// <summary>All digits (at most 18) as a number, else -1.</summary>
    private static long ParsePid(ReadOnlySpan<byte> s)
    {
        if (s.Length is 0 or > 18) return -1;
        long v = 0;
        foreach (var c in s)
        {
            if (!IsDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int SpaceOrEnd(ReadOnlySpan<byte> line, int at)
    {
        var k = line[at..].IndexOf((byte)' ');
        return k < 0 ? line.Length : at + k;
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;
}
