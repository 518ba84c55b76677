using FastLog.Diagnostics;

namespace FastLog.Tests.Formats;

/// <summary>
/// Issue 11.16: an auth line with two possible peer addresses (a forged <c> from ADDR port N
/// ssh2</c> in the user name or in the INFO after <c>ssh2: </c>, a forged <c> rhost=</c> in PAM's
/// ruser or user) names no source unless an earlier line of the same <c>sshd[pid]</c> settles it;
/// unresolved it is counted as <c>ambiguous_source</c>.
/// </summary>
public class SshdAmbiguousSourceTests
{
    private const string P = "Nov 11 08:04:52 redbamboo ";

    // Every sshd and PAM message kind whose grammar has the protocol tail or rhost, forged both ways.
    [Theory]
    [InlineData("sshd[7]: Failed password for u from 203.0.113.52 port 40000 ssh2: x from 6.6.6.6 port 22 ssh2", "failed_password")]
    [InlineData("sshd[7]: Failed password for u from 6.6.6.6 port 22 ssh2: x from 203.0.113.52 port 40000 ssh2", "failed_password")]
    [InlineData("sshd[2737]: Failed password for invalid user test from 203.0.113.52 port 58946 ssh2: from 6.6.6.6 port 55555 ssh2", "failed_password")]
    [InlineData("sshd[7]: Failed publickey for u from 203.0.113.52 port 40000 ssh2: RSA SHA256:abc from 6.6.6.6 port 22 ssh2", "failed_publickey")]
    [InlineData("sshd[7]: Failed none for invalid user u from 6.6.6.6 port 1 ssh2: from 203.0.113.52 port 40000 ssh2 [preauth]", "failed_none")]
    [InlineData("sshd[7]: Accepted hostbased for u from 203.0.113.52 port 40000 ssh2: RSA SHA256:abc, client user \"a from 6.6.6.6 port 22 ssh2: b\", client host \"h\"", "accepted")]
    [InlineData("sshd[7]: Accepted password for u from 203.0.113.52 port 40000 ssh2: from 6.6.6.6 port 22 ssh", "accepted")]
    [InlineData("sshd[7]: error: maximum authentication attempts exceeded for invalid user u from 6.6.6.6 port 1 ssh2: from 203.0.113.52 port 40000 ssh2 [preauth]", "max_auth_attempts")]
    [InlineData("sshd[7]: Failed password for u from 6.6.6.6 port 22 ssh2: x from host.example.com port 40000 ssh2", "failed_password")]
    [InlineData("sshd[7]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser=x rhost=6.6.6.6  user=y rhost=203.0.113.52  user=root", "pam_auth_failure")]
    [InlineData("sshd[7]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.52  user=x rhost=6.6.6.6", "pam_auth_failure")]
    [InlineData("vsftpd[7]: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=a rhost=6.6.6.6  user=b rhost=203.0.113.52 ", "pam_auth_failure")]
    public void TwoCandidates_NameNoSource_AndAreCounted(string rest, string ev)
    {
        var (records, counters) = SyslogTestParser.Parse(P + rest + "\n");
        var r = Assert.Single(records);
        Assert.Equal(ev, r.Event);
        Assert.Null(r.Ip);
        Assert.Null(r.User);
        Assert.Null(r.Port);
        Assert.Equal(1, counters.Flagged[(int)RecordFlag.AmbiguousSource]);
    }

    // A forged candidate that is not followed by the end, " [preauth]" or ": " (or, for PAM, by
    // " user=" or the end) is no candidate: the line is not ambiguous.
    [Theory]
    [InlineData("sshd[7]: Accepted hostbased for u from 203.0.113.52 port 40000 ssh2: RSA SHA256:abc, client user \"a from 6.6.6.6 port 22 ssh2\", client host \"h\"", "u")]
    [InlineData("sshd[7]: Failed none for invalid user u from 6.6.6.6 port 1 ssh2 [preauth] from 203.0.113.52 port 40000 ssh2 [preauth]", "u from 6.6.6.6 port 1 ssh2 [preauth]")]
    [InlineData("sshd[7]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser=x rhost=6.6.6.6 rhost=203.0.113.52  user=root", "root")]
    public void ForgedTextThatBreaksTheGrammar_IsNoCandidate(string rest, string user)
    {
        var (records, counters) = SyslogTestParser.Parse(P + rest + "\n");
        var r = Assert.Single(records);
        Assert.Equal(("203.0.113.52", user), (r.Ip, r.User));
        Assert.Equal(0, counters.Flagged[(int)RecordFlag.AmbiguousSource]);
    }

    // An earlier unambiguous line of the session names the peer: the candidate with that address wins.
    [Theory]
    [InlineData("sshd[7]: Connection from 203.0.113.52 port 40000 on 10.0.0.1 port 22 rdomain \"\"")]
    [InlineData("sshd[7]: Connection from 203.0.113.52 port 40000")]
    [InlineData("sshd[7]: Invalid user u from 203.0.113.52 port 40000")]
    [InlineData("sshd[7]: Failed password for invalid user u from 203.0.113.52 port 40000 ssh2")]
    [InlineData("sshd[7]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.52  user=u")]
    [InlineData("sshd-session[7]: Connection from 203.0.113.52 port 40000 on 10.0.0.1 port 22")]
    public void EarlierLineOfTheSession_ResolvesTheAddress(string earlier)
    {
        var text = P + earlier + "\n"
            + P + "sshd[8]: Connection from 198.51.100.1 port 1 on 10.0.0.1 port 22\n"
            + P + "sshd[7]: Failed password for u from 203.0.113.52 port 40000 ssh2: x from 6.6.6.6 port 22 ssh2\n"
            + P + "sshd[7]: Failed password for u from 6.6.6.6 port 22 ssh2: from 203.0.113.52 port 40000 ssh2\n"
            + P + "sshd[7]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.52  user=x rhost=6.6.6.6\n";
        var (records, counters) = SyslogTestParser.Parse(text);
        Assert.Equal(0, counters.Flagged[(int)RecordFlag.AmbiguousSource]);
        Assert.Equal(("203.0.113.52", "u", 40000L), (records[2].Ip, records[2].User, records[2].Port!.Value));
        Assert.Equal(("203.0.113.52", "u from 6.6.6.6 port 22 ssh2:", 40000L), (records[3].Ip, records[3].User, records[3].Port!.Value));
        Assert.Equal(("203.0.113.52", "x rhost=6.6.6.6"), (records[4].Ip, records[4].User));
    }

    // Context from another session, another host, an address that is no candidate, or too far back does not count.
    [Theory]
    [InlineData("sshd[8]: Connection from 203.0.113.52 port 40000", "")]
    [InlineData("sshd[7]: Connection from 198.51.100.9 port 40000", "")]
    [InlineData("sudo[7]: Connection from 203.0.113.52 port 40000", "")]
    [InlineData("sshd[7]: Connection from 203.0.113.52 port 40000", "far")]
    public void UnrelatedOrDistantContext_LeavesTheLineAmbiguous(string earlier, string gap)
    {
        var filler = gap == "far" ? string.Concat(Enumerable.Repeat(P + "cron[1]: " + new string('x', 1000) + "\n", 1100)) : "";
        var text = P + earlier + "\n" + filler
            + "Nov 11 08:04:52 otherhost sshd[7]: Connection from 203.0.113.52 port 40000\n"
            + P + "sshd[7]: Failed password for u from 203.0.113.52 port 40000 ssh2: x from 6.6.6.6 port 22 ssh2\n";
        var (records, counters) = SyslogTestParser.Parse(text);
        Assert.Null(records[^1].Ip);
        Assert.Equal(1, counters.Flagged[(int)RecordFlag.AmbiguousSource]);
    }
}
