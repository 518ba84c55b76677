namespace FastLog.Generation.Syslog;

/// <summary>Names and texts a /var/log/syslog draws on: hosts, scanned ports, timers, containers, relayed senders.</summary>
internal static class SyslogVocabulary
{
    /// <summary>Host names; one per file, chosen by the seed.</summary>
    public static readonly string[] Hosts = ["web-01", "ip-10-0-3-17", "app-prod-02", "db-03", "ci-runner-4", "mail-01", "edge-gw-2"];

    /// <summary>Ports internet scanners knock on (UFW blocks them): telnet, SMB, RDP, Redis, …</summary>
    public static readonly ushort[] ScannedPorts = [23, 445, 3389, 22, 8080, 1433, 5900, 6379, 81, 2323, 5060, 3306, 8443, 9200, 8088, 25, 139, 5432, 11211, 27017];

    /// <summary>First octets of scanner sources in UFW lines (public space only).</summary>
    public static readonly byte[] ScannerOctets = [5, 20, 31, 45, 58, 61, 79, 89, 92, 103, 104, 118, 141, 162, 167, 176, 183, 185, 193, 212, 218, 222];

    /// <summary>systemd units started by timers, as (description, unit) pairs.</summary>
    public static readonly (string Description, string Unit)[] TimerUnits =
    [
        ("Daily apt download activities", "apt-daily.service"),
        ("Daily apt upgrade and clean activities", "apt-daily-upgrade.service"),
        ("Rotate log files", "logrotate.service"),
        ("Daily man-db regeneration", "man-db.service"),
        ("Cleanup of Temporary Directories", "systemd-tmpfiles-clean.service"),
        ("Clean php session files", "phpsessionclean.service"),
        ("Message of the Day", "motd-news.service"),
        ("Refresh fwupd metadata and update motd", "fwupd-refresh.service"),
        ("Discard unused blocks on filesystems from /etc/fstab", "fstrim.service"),
        ("Ubuntu Advantage Timer for running repeated jobs", "ua-timer.service"),
    ];

    /// <summary>Lines cron runs, after <c>(root) CMD (</c>.</summary>
    public static readonly string[] CronCommands =
    [
        "command -v debian-sa1 > /dev/null && debian-sa1 1 1",
        "   cd / && run-parts --report /etc/cron.hourly",
        "[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi",
        "/usr/local/bin/backup-db.sh > /dev/null 2>&1",
        "test -x /etc/cron.daily/popularity-contest && /etc/cron.daily/popularity-contest --crond",
        "/usr/bin/certbot -q renew",
    ];

    /// <summary>Container names dockerd and containerd mention.</summary>
    public static readonly string[] Containers = ["shop-web-1", "shop-worker-1", "redis", "postgres", "nginx-proxy", "prometheus-node-exporter"];

    /// <summary>Snaps snapd fails to refresh.</summary>
    public static readonly string[] Snaps = ["\"core22\", \"lxd\", \"snapd\"", "\"core20\", \"lxd\"", "\"amazon-ssm-agent\", \"core18\"", "\"snapd\""];

    /// <summary>Mail recipients of the host's cron and monitoring mail.</summary>
    public static readonly string[] Recipients = ["ops@example.com", "root@example.com", "alerts@example.com", "backup-report@example.com"];

    /// <summary>NTP servers systemd-timesyncd talks to.</summary>
    public static readonly string[] NtpServers = ["185.125.190.56", "185.125.190.57", "185.125.190.58", "91.189.91.157"];
}
