using System.Buffers;

namespace FastLog.Detection.Auth;

/// <summary>
/// The sshd / auth.log rules L1–L6 of README's `detect` section (Sigma <c>product: linux</c>,
/// Elastic), their keyword lists and ids. Thresholds and windows are in <see cref="AuthRuleOptions"/>.
/// Keyword matching is case-insensitive substring search (Sigma keyword semantics) compiled once
/// into <see cref="SearchValues{T}"/>, over the syslog message (never the header) and outside the
/// text a remote client chose (<see cref="TrustedKeywords"/>).
/// </summary>
public static class AuthRules
{
    private const string Category = "authentication";

    /// <summary>L1 suspicious OpenSSH daemon error.</summary>
    public static readonly DetectionRule SuspiciousSshdError = new("L1", "Suspicious OpenSSH daemon error", Severity.Medium,
        "sshd message contains a protocol-attack error (Corrupted MAC on input, error in libcrypto, crc32 compensation attack …) outside client-chosen text",
        "SigmaHQ lnx_sshd_susp_ssh.yml") { Category = Category };
    /// <summary>L2 SSH brute force (Elastic).</summary>
    public static readonly DetectionRule BruteForce = new("L2", "SSH brute force", Severity.Medium,
        "≥ 60 failed logins from one non-private source address to one host in a 30-second bucket",
        "Elastic credential_access_potential_linux_ssh_bruteforce_external.toml") { Category = Category };
    /// <summary>L2b SSH brute force (Sigma legacy).</summary>
    public static readonly DetectionRule LegacyBruteForce = new("L2b", "SSH brute force (many failures)", Severity.Medium,
        "> 30 failed logins from one source address to one host in a 10-minute bucket",
        "SigmaHQ deprecated/other/generic_brute_force.yml") { Category = Category };
    /// <summary>L3 successful brute force (Elastic).</summary>
    public static readonly DetectionRule SuccessfulBruteForce = new("L3", "Successful SSH brute force", Severity.High,
        "≥ 25 failed logins then an accepted login for the same host, source address and user within one 15-second bucket",
        "Elastic credential_access_potential_successful_linux_ssh_bruteforce.toml") { Category = Category };
    /// <summary>L3b successful brute force (Sigma correlation example).</summary>
    public static readonly DetectionRule SuccessAfterFailures = new("L3b", "Login after many failures", Severity.High,
        "≥ 10 failed logins then an accepted login for the same host, source address and user within one 10-minute bucket",
        "Sigma correlation specification, Multiple Failed Logins Followed by Successful Login (temporal_ordered)") { Category = Category };
    /// <summary>L4 password spraying.</summary>
    public static readonly DetectionRule PasswordSpraying = new("L4", "SSH password spraying", Severity.Medium,
        "> 10 distinct users and ≥ 30 failed logins from one source address in a 5-minute bucket",
        "Elastic credential_access_potential_password_spraying_attack.toml") { Category = Category };
    /// <summary>L5 privileged user created.</summary>
    public static readonly DetectionRule PrivilegedUserCreated = new("L5", "Privileged user created", Severity.High,
        "message contains 'new user' and UID=0, GID=0, GID=10 or GID=27 (root, wheel, sudo), outside user-name text",
        "SigmaHQ lnx_privileged_user_creation.yml") { Category = Category };
    /// <summary>L6 syslog cleared.</summary>
    public static readonly DetectionRule ClearSyslog = new("L6", "Commands to clear or remove the syslog", Severity.High,
        "sudo COMMAND (else the message) contains rm/mv of /var/log/syslog or a redirection into it, and not '/syslog.'",
        "SigmaHQ lnx_clear_syslog.yml") { Category = Category };

    /// <summary>Every auth rule, in id order; a per-event hit stores its rule's index here.</summary>
    public static IReadOnlyList<DetectionRule> All { get; } =
    [
        SuspiciousSshdError, BruteForce, LegacyBruteForce, SuccessfulBruteForce, SuccessAfterFailures, PasswordSpraying,
        PrivilegedUserCreated, ClearSyslog,
    ];

    /// <summary>L1 keywords (the Sigma rule's list).</summary>
    internal static readonly string[] SshdErrorTokens =
    [
        "unexpected internal error", "unknown or unsupported key type", "invalid certificate signing key", "invalid elliptic curve value",
        "incorrect signature", "error in libcrypto", "unexpected bytes remain after decoding", "fatal: buffer_get_string: bad string",
        "Local: crc32 compensation attack", "bad client public DH value", "Corrupted MAC on input",
    ];
    /// <summary>L5 first keyword.</summary>
    internal static readonly string[] NewUserTokens = ["new user"];
    /// <summary>L5 second keywords: root, wheel (10) and sudo (27) ids.</summary>
    internal static readonly string[] PrivilegedIdTokens = ["UID=0,", "GID=0,", "GID=10,", "GID=27,"];
    /// <summary>L6 keywords.</summary>
    internal static readonly string[] ClearSyslogTokens =
    [
        "rm /var/log/syslog", "rm -r /var/log/syslog", "rm -f /var/log/syslog", "rm -rf /var/log/syslog", "mv /var/log/syslog",
        " >/var/log/syslog", " > /var/log/syslog",
    ];
    /// <summary>L6 filter: rotated files (<c>/var/log/syslog.1</c>) are not the live log.</summary>
    internal const string RotatedSyslog = "/syslog.";

    internal static readonly SearchValues<string> SshdErrors = SearchValues.Create(SshdErrorTokens, StringComparison.OrdinalIgnoreCase);
    internal static readonly SearchValues<string> NewUser = SearchValues.Create(NewUserTokens, StringComparison.OrdinalIgnoreCase);
    internal static readonly SearchValues<string> PrivilegedIds = SearchValues.Create(PrivilegedIdTokens, StringComparison.OrdinalIgnoreCase);
    internal static readonly SearchValues<string> ClearSyslogCommands = SearchValues.Create(ClearSyslogTokens, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every keyword of L1, L5 and L6, searched on the raw message bytes: a message without any
    /// (nearly all) is neither widened nor looked at again.
    /// </summary>
    internal static readonly KeywordPrefilter AnyKeyword = new([.. SshdErrorTokens, .. NewUserTokens, .. ClearSyslogTokens]);
}
