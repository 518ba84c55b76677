using FastLog.Columns;

namespace FastLog.Tests.Formats;

/// <summary>Every auth event kind from a hand-written line (docs/auth-events.md lists the same lines).</summary>
public class SyslogAuthEventTests
{
    private const string P = "Mar 27 13:08:09 host ";

    public static TheoryData<string, string, string?, string?, long?, string?, long?, string?> Events() => new()
    {
        // line after the header, event, user, ip, port, method, invalid_user, command
        { "sshd[1]: Failed password for root from 216.160.83.57 port 29160 ssh2", "failed_password", "root", "216.160.83.57", 29160, "password", 0, null },
        { "sshd[1]: Failed password for invalid user admin from 203.0.113.5 port 51234 ssh2", "failed_password", "admin", "203.0.113.5", 51234, "password", 1, null },
        { "sshd[1]: Failed publickey for git from 10.0.0.1 port 5 ssh2: RSA SHA256:abc", "failed_publickey", "git", "10.0.0.1", 5, "publickey", 0, null },
        { "sshd[1]: Failed none for invalid user x from 2001:db8::1 port 22 ssh2", "failed_none", "x", "2001:db8::1", 22, "none", 1, null },
        { "sshd[1]: Failed keyboard-interactive/pam for invalid user r00t from 192.0.2.100 port 46050 ssh2", "failed_other", "r00t", "192.0.2.100", 46050, "keyboard-interactive/pam", 1, null },
        { "sshd[1]: Accepted password for vagrant from 192.168.33.1 port 58803 ssh2", "accepted", "vagrant", "192.168.33.1", 58803, "password", 0, null },
        { "sshd[1]: Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2: RSA 39:33:99:aa", "accepted", "vagrant", "10.0.2.2", 63673, "publickey", 0, null },
        { "sshd[1]: Invalid user test from 10.0.2.2", "invalid_user", "test", "10.0.2.2", null, null, 1, null },
        { "sshd[1]: Invalid user test from 10.0.2.2 port 4242", "invalid_user", "test", "10.0.2.2", 4242, null, 1, null },
        { "sshd[1]: Invalid user  from 10.0.2.2 port 4242", "invalid_user", "", "10.0.2.2", 4242, null, 1, null },
        { "sshd[1]: Did not receive identification string from 2.125.160.217", "no_identification", null, "2.125.160.217", null, null, null, null },
        { "sshd[1]: Did not receive identification string from 2.125.160.217 port 7", "no_identification", null, "2.125.160.217", 7, null, null, null },
        { "sshd[1]: Connection closed by authenticating user root 1.2.3.4 port 22 [preauth]", "connection_closed", "root", "1.2.3.4", 22, null, null, null },
        { "sshd[1]: Connection closed by invalid user  1.2.3.4 port 22 [preauth]", "connection_closed", "", "1.2.3.4", 22, null, 1, null },
        { "sshd[1]: Connection closed by 1.2.3.4 [preauth]", "connection_closed", null, "1.2.3.4", null, null, null, null },
        { "sshd[1]: Connection reset by 1.2.3.4 port 9", "connection_closed", null, "1.2.3.4", 9, null, null, null },
        { "sshd[1]: Disconnected from invalid user admin 1.2.3.4 port 5 [preauth]", "disconnected", "admin", "1.2.3.4", 5, null, 1, null },
        { "sshd[1]: Disconnected from user ubuntu 1.2.3.4 port 5", "disconnected", "ubuntu", "1.2.3.4", 5, null, null, null },
        { "sshd[1]: Received disconnect from 1.2.3.4 port 5:11: Bye Bye [preauth]", "disconnected", null, "1.2.3.4", 5, null, null, null },
        { "sshd[1]: error: Received disconnect from 1.2.3.4: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]", "disconnected", null, "1.2.3.4", null, null, null, null },
        { "sshd[1]: error: maximum authentication attempts exceeded for root from 1.2.3.4 port 5 ssh2 [preauth]", "max_auth_attempts", "root", "1.2.3.4", 5, null, 0, null },
        { "sshd[1]: error: maximum authentication attempts exceeded for invalid user xxx from 1.2.3.4 port 5 ssh2 [preauth]", "max_auth_attempts", "xxx", "1.2.3.4", 5, null, 1, null },
        { "sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root", "pam_auth_failure", "root", "1.2.3.4", null, null, null, null },
        { "sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ", "pam_auth_failure", null, "218.188.2.4", null, null, null, null },
        { "sshd(pam_unix)[2]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=host.example.net  user=root", "pam_auth_failure", "root", null, null, null, null, null },
        { "sshd[1]: error: PAM: Authentication failure for illegal user kit from 192.0.2.9 via 192.0.2.1", "pam_auth_failure", "kit", "192.0.2.9", null, null, 1, null },
        { "sudo:  vagrant : TTY=pts/0 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/ls -la", "sudo_command", "vagrant", null, null, null, null, "/bin/ls -la" },
        { "sudo: tsg : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/tsg ; USER=root ; COMMAND=/bin/sh", "sudo_denied", "tsg", null, null, null, null, "/bin/sh" },
        { "sudo: bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/usr/bin/id", "sudo_denied", "bob", null, null, null, null, "/usr/bin/id" },
        { "useradd[48]: new user: name=apache, UID=48, GID=48, home=/usr/share/httpd, shell=/sbin/nologin", "new_user", "apache", null, null, null, null, null },
        { "sshd[1]: pam_unix(sshd:session): session opened for user ubuntu by (uid=0)", "session_opened", "ubuntu", null, null, null, null, null },
        { "CRON[5]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", "session_opened", "root", null, null, null, null, null },
        { "sshd[1]: pam_unix(sshd:session): session closed for user ubuntu", "session_closed", "ubuntu", null, null, null, null, null },
        { "sshd[1]: reverse mapping checking getaddrinfo for x.example [1.2.3.4] failed - POSSIBLE BREAK-IN ATTEMPT!", "other", null, null, null, null, null, null },
        { "kernel: Failed password for root from 1.2.3.4 port 1 ssh2", "other", null, null, null, null, null, null },
        { "sshd[1]: ssh_dispatch_run_fatal: Connection from 192.0.2.13 port 33738: message authentication code incorrect [preauth]", "other", null, "192.0.2.13", 33738, null, null, null },
        { "sshd[1]: ssh_dispatch_run_fatal: Connection from authenticating user root 2001:db8::7 port 22: Corrupted MAC on input. [preauth]", "other", "root", "2001:db8::7", 22, null, null, null },
        { "sshd[1]: ssh_dispatch_run_fatal: Connection from invalid user x 6.6.6.6 port 1: y 192.0.2.14 port 5: incorrect signature [preauth]", "other", "x 6.6.6.6 port 1: y", "192.0.2.14", 5, null, 1, null },
        { "systemd-logind[1]: New session 5 of user ubuntu.", "other", null, null, null, null, null, null },
        // Issue 13.8: PAM and account-tool lines.
        { "sshd[1]: error: PAM: User not known to the underlying authentication module for illegal user kit from 192.0.2.9", "pam_user_unknown", "kit", "192.0.2.9", null, null, 1, null },
        { "sshd[1]: error: PAM: User not known to the underlying authentication module for illegal user kit from 2001:db8::9", "pam_user_unknown", "kit", "2001:db8::9", null, null, 1, null },
        { "sshd[1]: error: PAM: User not known to the underlying authentication module for illegal user kit from scan.example.net", "pam_user_unknown", "kit", null, null, null, 1, null },
        { "sshd[1]: PAM: User not known to the underlying authentication module for kit from 192.0.2.9", "pam_user_unknown", "kit", "192.0.2.9", null, null, null, null },
        { "sshd[1]: error: PAM: User not known to the underlying authentication module for illegal user x from 6.6.6.6 from 192.0.2.9", "pam_user_unknown", "x from 6.6.6.6", "192.0.2.9", null, null, 1, null },
        { "sshd[1]: error: PAM: User not known to the underlying authentication module for illegal user x from 6.6.6.6 from scan.example.net", "pam_user_unknown", "x from 6.6.6.6", null, null, null, 1, null },
        { "sshd[1]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.5  user=root", "pam_more_failures", "root", "203.0.113.5", null, null, null, null },
        { "sshd[1]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.5", "pam_more_failures", null, "203.0.113.5", null, null, null, null },
        { "sshd[1]: PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=host.example.net  user=root", "pam_more_failures", "root", null, null, null, null, null },
        { "sshd[1]: pam_unix(sshd:auth): 3 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=2001:db8::5  user=admin", "pam_more_failures", "admin", "2001:db8::5", null, null, null, null },
        { "sshd(pam_unix)[7]: 2 more authentication failures; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4  user=root", "pam_more_failures", "root", "218.188.2.4", null, null, null, null },
        { "sshd[1]: pam_faillock(sshd:auth): Consecutive login failures for user root account temporarily locked", "account_locked", "root", null, null, null, null, null },
        { "sshd[1]: pam_faillock(sshd:auth): Consecutive login failures for user a b account temporarily locked", "account_locked", "a b", null, null, null, null, null },
        { "unix_chkpwd[4]: password check failed for user (carol)", "password_check_failed", "carol", null, null, null, null, null },
        { "passwd[8]: pam_unix(passwd:chauthtok): password changed for frank", "password_changed", "frank", null, null, null, null, null },
        { "chpasswd[9]: pam_unix(chpasswd:chauthtok): password changed for gina", "password_changed", "gina", null, null, null, null, null },
        { "userdel[5]: delete user 'dave'", "user_deleted", "dave", null, null, null, null, null },
        { "userdel[5]: removed group 'dave' owned by 'dave'", "other", null, null, null, null, null, null },
        { "usermod[6]: change user 'erin' password", "user_changed", "erin", null, null, null, null, null },
        { "usermod[6]: change user 'erin' shell from '/bin/sh' to '/bin/bash'", "user_changed", "erin", null, null, null, null, null },
        { "usermod[6]: add 'erin' to group 'sudo'", "group_member_added", "erin", null, null, null, null, null },
        { "usermod[6]: add 'erin' to shadow group 'sudo'", "group_member_added", "erin", null, null, null, null, null },
        { "groupadd[7]: group added to /etc/group: name=ops, GID=1001", "group_added", null, null, null, null, null, null },
        { "groupadd[7]: new group: name=ops, GID=1001", "group_added", null, null, null, null, null, null },
        { "useradd[10]: failed adding user 'hank', data deleted", "user_add_failed", "hank", null, null, null, null, null },
    };

    [Theory, MemberData(nameof(Events))]
    public void Line_GivesEventAndFields(string rest, string ev, string? user, string? ip, long? port, string? method, long? invalidUser, string? command)
    {
        var r = SyslogTestParser.One(P + rest);
        Assert.Equal(ev, r.Event);
        Assert.Equal(user, r.User);
        Assert.Equal(ip, r.Ip);
        Assert.Equal(port, r.Port);
        Assert.Equal(method, r.Method);
        Assert.Equal(invalidUser, r.InvalidUser);
        Assert.Equal(command, r.Command);
    }

    [Fact]
    public void EveryEventKind_IsCoveredAbove()
    {
        var covered = Events().Select(row => (string)row[1]).ToHashSet();
        Assert.Equal(AuthEventNames.Names.ToHashSet(), covered);
    }
}
