namespace FastLog.Generation.Attacks;

/// <summary>
/// The attack scenarios <c>--attacks default</c> injects: access logs trip docs/detections.md
/// W1–W11, auth logs L1–L6 (and the R3 spoofing case), CloudTrail C1–C13.
/// </summary>
public enum AttackKind
{
    /// <summary>One address posting to a login form, or sending basic-auth guesses, answered 401/403 (W9).</summary>
    BruteForce,
    /// <summary>A burst of requests for guessed paths, mostly 404 (W10).</summary>
    DirectoryScan,
    /// <summary>SQL injection strings in the query (W1).</summary>
    SqlInjection,
    /// <summary>../ sequences, plain and encoded, in the path and query (W2).</summary>
    PathTraversal,
    /// <summary>Script tags and event handlers in the query (W3).</summary>
    Xss,
    /// <summary><c>${jndi:ldap://…}</c> (Log4Shell) probes in the path, query, user agent or referer (W5).</summary>
    Jndi,
    /// <summary>Requests carrying a recon tool's user agent: sqlmap, Nikto, Nmap, masscan, Nuclei, … (W7).</summary>
    ReconTool,
    /// <summary>Enumeration of <c>.git/</c>, <c>.env</c> and other secret files (W8).</summary>
    SecretFiles,
    /// <summary>A scraper far above human request rates (W11).</summary>
    RateBot,
    /// <summary>sshd: ≥ 60 failed logins within 30 s from one external address (L2).</summary>
    SshBruteForce,
    /// <summary>sshd: ≥ 25 failed passwords, then <c>Accepted password</c> for the same address and user within 15 s (L3).</summary>
    SshBruteForceSuccess,
    /// <summary>sshd: &gt; 10 distinct users and ≥ 30 failures from one address in one 5-minute bucket (L4).</summary>
    SshPasswordSpraying,
    /// <summary>useradd of a user with UID 0 / GID 0 (L5).</summary>
    PrivilegedUserCreation,
    /// <summary>sudo <c>COMMAND=/bin/rm /var/log/syslog</c> (L6).</summary>
    ClearSyslog,
    /// <summary>sshd errors such as <c>Corrupted MAC on input</c> (L1).</summary>
    SshdSuspiciousError,
    /// <summary>A brute force whose user names carry a forged <c> from VICTIM port 22 ssh2</c> (R3): only the real source is an offender.</summary>
    SshUserSpoofing,
    /// <summary>CloudTrail: &gt; 20 failed console logins from one address in one 10-minute bucket (C1).</summary>
    ConsoleLoginBruteForce,
    /// <summary>CloudTrail: successful console login without MFA (C2).</summary>
    ConsoleLoginWithoutMfa,
    /// <summary>CloudTrail: calls made with the root credentials (C3).</summary>
    RootUsage,
    /// <summary>CloudTrail: StopLogging and DeleteTrail (C4).</summary>
    TrailDisabled,
    /// <summary>CloudTrail: GuardDuty DeleteDetector (C5).</summary>
    GuardDutyDeleted,
    /// <summary>CloudTrail: Config StopConfigurationRecorder and DeleteDeliveryChannel (C6).</summary>
    ConfigDisabled,
    /// <summary>CloudTrail: CreateAccessKey for another user (C7).</summary>
    BackdoorAccessKey,
    /// <summary>CloudTrail: UpdateLoginProfile for another user (C8).</summary>
    LoginProfileChanged,
    /// <summary>CloudTrail: AuthorizeSecurityGroupIngress opening a port to the world (C9).</summary>
    SecurityGroupOpened,
    /// <summary>CloudTrail: ListBuckets by an IAM user (C10).</summary>
    BucketEnumeration,
    /// <summary>CloudTrail: GetCallerIdentity with a TruffleHog user agent (C11).</summary>
    TruffleHog,
    /// <summary>CloudTrail: EC2 instance (IMDS) role credentials used from outside AWS (C12).</summary>
    ImdsCredentialsOutside,
    /// <summary>CloudTrail: DeleteBucket (C13).</summary>
    BucketDeleted,
}
