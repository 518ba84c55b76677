using FastLog.Columns;

namespace FastLog.Formats.Syslog;

/// <summary>
/// Reads the auth event of a syslog message: sshd (also <c>sshd-session</c> and loghub's
/// <c>sshd(pam_unix)</c>), PAM <c>pam_unix(…)</c> lines of any program, sudo and useradd
/// (docs/formats.md; docs/auth-events.md lists every event with an example).
/// </summary>
/// <remarks>
/// This class dispatches by program and reads the account tools, sudo and useradd; sshd's
/// messages are read by <see cref="SshdMessage"/> and PAM's by <see cref="PamMessage"/>, whose
/// remarks say how attacker text is anchored (docs/reliability.md R3, docs/auth-events.md
/// "Attacker text"). sudo: the user is the text before the first <c> : </c>; the command is the
/// text after the first <c>COMMAND=</c>.
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
            PamMessage.ParsePamBody(line, start, end, ref a);
            return;
        }
        var msg = line[start..end];
        if (msg.StartsWith("pam_unix("u8))
        {
            var close = msg.IndexOf("): "u8);
            if (close > 0) PamMessage.ParsePamBody(line, start + close + 3, end, ref a);
            return;
        }
        if (msg.StartsWith("pam_faillock("u8))
        {
            var close = msg.IndexOf("): "u8);
            if (close > 0) AccountLocked(line, start + close + 3, end, ref a);
            return;
        }
        if (msg.StartsWith("PAM "u8) && PamMessage.PamMoreFailures(line, start + "PAM "u8.Length, end, ref a)) return;
        if (program.SequenceEqual("sshd"u8) || program.SequenceEqual("sshd-session"u8) || program.SequenceEqual("sshd-auth"u8))
            SshdMessage.ParseSshd(line, start, end, ref a);
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

    /// <summary>Whether <paramref name="app"/> (a syslog tag) is sshd's: <c>sshd</c>, <c>sshd-session</c>, <c>sshd-auth</c>.</summary>
    public static bool IsSshd(ReadOnlySpan<byte> app)
    {
        var paren = app.IndexOf((byte)'(');
        var program = paren < 0 ? app : app[..paren];
        return program.SequenceEqual("sshd"u8) || program.SequenceEqual("sshd-session"u8) || program.SequenceEqual("sshd-auth"u8);
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
            if (SshdMessage.ProtocolCandidates(line, a.AmbiguousStart, a.AmbiguousEnd, peer, out var from, out var addrStart, out var addrEnd, out var port) == 0) return false;
            a.UserStart = a.AmbiguousStart;
            a.UserEnd = Math.Max(a.AmbiguousStart, from);
            (a.IpStart, a.IpEnd, a.Port) = (addrStart, addrEnd, port);
        }
        else if (a.Ambiguity == AuthAmbiguity.PamRhost)
        {
            if (PamMessage.RhostCandidates(line, a.AmbiguousStart, a.AmbiguousEnd, peer, out var valueStart, out var valueEnd) == 0) return false;
            (a.IpStart, a.IpEnd) = (valueStart, valueEnd);
            PamMessage.PamUser(line, valueEnd, a.AmbiguousEnd, ref a);
        }
        else
        {
            return false;
        }
        a.Ambiguity = AuthAmbiguity.None;
        return true;
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
}
