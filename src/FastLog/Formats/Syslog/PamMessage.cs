using FastLog.Columns;

namespace FastLog.Formats.Syslog;

/// <summary>The bodies of PAM's <c>pam_unix</c> lines, of any program (<see cref="AuthMessage"/> dispatches to it).</summary>
/// <remarks>
/// PAM <c>authentication failure; … ruser=R rhost=H  user=U</c>: both R (set by some
/// services from client input) and U are attacker text, so a candidate is every
/// <c> rhost=VALUE</c> followed by <c> user=</c> or the end; more than one is
/// <see cref="AuthAmbiguity.PamRhost"/>, which <see cref="AuthMessage.Resolve"/> may resolve.
/// </remarks>
internal static class PamMessage
{
    /// <summary>
    /// <c>N more authentication failure[s]; logname=… rhost=H  user=U</c> at <paramref name="at"/>
    /// (after <c>PAM </c>, or as a pam_unix body): pam_unix's summary, when a connection ends, of
    /// the failures after its first one. N is <see cref="AuthFields.Failures"/>; the address and
    /// user are read as in <c>authentication failure;</c>. False when the text is not this line.
    /// </summary>
    internal static bool PamMoreFailures(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
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

    /// <summary>The body after <c>pam_unix(SERVICE:TYPE): </c> (or after the tag <c>X(pam_unix)[pid]: </c>).</summary>
    internal static void ParsePamBody(ReadOnlySpan<byte> line, int at, int end, ref AuthFields a)
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
    internal static int RhostCandidates(ReadOnlySpan<byte> line, int at, int end, ReadOnlySpan<byte> address, out int valueStart, out int valueEnd)
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
    internal static void PamUser(ReadOnlySpan<byte> line, int valueEnd, int end, ref AuthFields a)
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
}
