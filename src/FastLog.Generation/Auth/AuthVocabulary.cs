namespace FastLog.Generation.Auth;

/// <summary>Names an auth.log draws on: hosts, legitimate users, guessed and sprayed names, sudo commands.</summary>
internal static class AuthVocabulary
{
    /// <summary>Host names; one per file, chosen by the seed.</summary>
    public static readonly string[] Hosts = ["web-01", "ip-10-0-3-17", "bastion-1", "app-prod-02", "db-03", "ci-runner-4"];

    /// <summary>Legitimate users; a file has five of them, the first two are the admins who sudo.</summary>
    public static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin", "ubuntu", "jenkins", "ansible"];

    /// <summary>Names one-off background scanners try (never a legitimate user).</summary>
    public static readonly string[] ScannerNames =
    [
        "admin", "test", "user", "guest", "support", "pi", "mysql", "hadoop", "ftp", "nagios", "tomcat", "www",
        "minecraft", "steam", "test1", "administrator", "teamspeak", "vagrant", "es", "odoo", "zabbix", "user1", "dev", "backup",
    ];

    /// <summary>Names a password spray walks through.</summary>
    public static readonly string[] SprayNames =
    [
        "admin", "test", "user", "guest", "support", "oracle", "postgres", "git", "ftpuser", "www-data", "demo", "sales",
        "info", "office", "operator", "webmaster", "student", "jira", "confluence", "sftp",
    ];

    /// <summary>Accounts a successful brute force breaks into.</summary>
    public static readonly string[] WeakAccounts = ["oracle", "postgres", "git", "ftpuser"];

    /// <summary>Names of UID 0 backdoor accounts.</summary>
    public static readonly string[] BackdoorNames = ["sysbackup", "toor", "support2", "systemd-net"];

    /// <summary>Accounts that clear the syslog through sudo.</summary>
    public static readonly string[] CleanerAccounts = ["deploy", "svc-monitor", "webops"];

    /// <summary>What admins run with sudo (nothing that removes or truncates a log).</summary>
    public static readonly string[] SudoCommands =
    [
        "/usr/bin/systemctl restart nginx", "/usr/bin/apt-get update", "/usr/bin/apt-get -y upgrade",
        "/usr/bin/journalctl -u ssh --since today", "/usr/bin/tail -n 100 /var/log/syslog", "/usr/bin/docker ps -a",
        "/usr/bin/vim /etc/nginx/nginx.conf", "/usr/sbin/service cron status", "/bin/ls -la /root", "/usr/bin/du -sh /var/log",
        "/usr/bin/less /var/log/auth.log", "/usr/bin/systemctl status postgresql",
    ];

    /// <summary>sshd fatal errors of L1 (OpenSSH <c>ssh_err</c> texts).</summary>
    public static readonly string[] SshdErrors = ["Corrupted MAC on input.", "incorrect signature", "error in libcrypto", "invalid elliptic curve value"];
}
