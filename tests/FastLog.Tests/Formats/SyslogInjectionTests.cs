namespace FastLog.Tests.Formats;

/// <summary>
/// Spoof tests (README "Hostile log content"): attacker text holding a whole
/// trigger with a victim address never makes that address the record's ip.
/// </summary>
public class SyslogInjectionTests
{
    private const string P = "Nov 11 08:04:52 redbamboo ";

    [Theory]
    // H26
    [InlineData("sshd[1]: Invalid user root from 6.6.6.6 from 203.0.113.9 port 22", "203.0.113.9", "root from 6.6.6.6")]
    [InlineData("sshd[1]: Failed password for invalid user x from 6.6.6.6 port 1 ssh2 from 203.0.113.9 port 22 ssh2", "203.0.113.9", "x from 6.6.6.6 port 1 ssh2")]
    // fail2ban's sshd test log
    [InlineData("sshd[2737]: Failed password for invalid user from 10.10.1.1 from 127.0.0.1 port 58946 ssh2", "127.0.0.1", "from 10.10.1.1")]
    [InlineData("sshd[2737]: Failed password for invalid user test from 10.10.1.2 port 55555 ssh2 from 127.0.0.1 port 58946 ssh2", "127.0.0.1", "test from 10.10.1.2 port 55555 ssh2")]
    [InlineData("sshd[12946]: Failed password for user from 127.0.0.1 port 20000 ssh1: ruser from 1.2.3.4", "127.0.0.1", "user")]
    [InlineData("sshd[1300]: Connection closed by authenticating user test 127.0.0.1 port 12345 192.0.2.11 port 46039 [preauth]", "192.0.2.11", "test 127.0.0.1 port 12345")]
    [InlineData("sshd[1300]: Connection closed by authenticating user test 127.0.0.1 192.0.2.11 port 46039 [preauth]", "192.0.2.11", "test 127.0.0.1")]
    // "Invalid user" has no "sshD" tail: a forged one in the user name does not count.
    [InlineData("sshd[1]: Invalid user x from 6.6.6.6 port 22 ssh2: y from 203.0.113.9 port 22", "203.0.113.9", "x from 6.6.6.6 port 22 ssh2: y")]
    [InlineData("sshd[1]: Invalid user x from 6.6.6.6 port 22 [preauth] from 203.0.113.9 port 22", "203.0.113.9", "x from 6.6.6.6 port 22 [preauth]")]
    [InlineData("sshd[1]: Disconnected from invalid user a 6.6.6.6 port 1 203.0.113.9 port 22 [preauth]", "203.0.113.9", "a 6.6.6.6 port 1")]
    // sshd's fatal protocol errors (L1): the error text after the server's " port N: " is sshd's own.
    [InlineData("sshd[1]: ssh_dispatch_run_fatal: Connection from invalid user a 6.6.6.6 port 1: b 203.0.113.9 port 22: Connection corrupted [preauth]", "203.0.113.9", "a 6.6.6.6 port 1: b")]
    public void VictimAddressInUserName_NeverBecomesTheIp(string rest, string ip, string user)
    {
        var r = SyslogTestParser.One(P + rest);
        Assert.Equal(ip, r.Ip);
        Assert.Equal(user, r.User);
    }

    [Theory]
    // The server's address slot holds no address literal: no ip at all, never one from the user text.
    [InlineData("sshd[1]: Failed password for invalid user x from 6.6.6.6 port 1 ssh2 from example.com port 22 ssh2")]
    [InlineData("sshd[1]: Invalid user 6.6.6.6 from 1.2.3.256 port 22")]
    [InlineData("sshd[1]: Failed password for root from 6.6.6.6 port 99999 ssh2 x")]
    // PAM: the attacker's user comes after rhost; a forged rhost in it is ignored.
    [InlineData("sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=  user=x rhost=6.6.6.6")]
    // sudo user/tty text is not an address source (H28).
    [InlineData("sudo: bob : TTY=[6.6.6.6] ; PWD=/ ; USER=root ; COMMAND=/bin/echo rip=6.6.6.6, from 6.6.6.6 port 22 ssh2")]
    public void ForgedAddresses_AreNotTakenAtAll(string rest)
    {
        var r = SyslogTestParser.One(P + rest);
        Assert.NotEqual("6.6.6.6", r.Ip);
        Assert.Null(r.Ip);
    }

    [Fact]
    public void LoggerForgery_WithoutPid_IsStillParsedAsSshdText()
    {
        // `logger -t sshd` writes the same text: attribution comes from syslog text (documented in docs/auth-events.md).
        var r = SyslogTestParser.One(P + "sshd: Failed password for root from 198.51.100.7 port 22 ssh2");
        Assert.Equal("failed_password", r.Event);
        Assert.Null(r.Pid);
    }
}
