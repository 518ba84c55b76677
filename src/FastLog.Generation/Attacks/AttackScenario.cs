namespace FastLog.Generation.Attacks;

/// <summary>One injected attack: who, what, when and how many requests.</summary>
public sealed class AttackScenario
{
    /// <summary>Position in the plan (0-based); also its random stream.</summary>
    public required int Index { get; init; }
    /// <summary>What the attack is.</summary>
    public required AttackKind Kind { get; init; }
    /// <summary>Which flavour of the kind (tool, target, user), cycling over instances of the kind.</summary>
    public required int Variant { get; init; }
    /// <summary>The source address; no background client and no other scenario uses it. Empty for host-local events (useradd, sudo).</summary>
    public required string SourceIp { get; init; }
    /// <summary>The user name the attack logs in as (basic-auth guessing), or null.</summary>
    public string? User { get; init; }
    /// <summary>Start of the planned window, Unix seconds (UTC).</summary>
    public required long WindowStart { get; init; }
    /// <summary>Length of the planned window in seconds.</summary>
    public required long WindowSeconds { get; init; }
    /// <summary>Planned number of requests.</summary>
    public required int Events { get; init; }
    /// <summary>The docs/detections.md rule the scenario should trip (e.g. <c>L2</c>), or null (access logs).</summary>
    public string? RuleId { get; init; }
    /// <summary>Every user name the scenario's lines name (sprayed, guessed or acting), or null.</summary>
    public IReadOnlyList<string>? Users { get; init; }
    /// <summary>Addresses forged into attacker-controlled text: a detector must never name them (R3), or null.</summary>
    public IReadOnlyList<string>? Victims { get; init; }
    /// <summary>The last event is placed at the window's end (a success after the failures).</summary>
    public bool LastAtEnd { get; init; }

    /// <summary>The kind's name in the truth manifest (snake_case).</summary>
    public string KindName => NameOf(Kind);

    /// <summary>The manifest name of <paramref name="kind"/>.</summary>
    public static string NameOf(AttackKind kind) => kind switch
    {
        AttackKind.BruteForce => "brute_force",
        AttackKind.DirectoryScan => "dir_scan",
        AttackKind.SqlInjection => "sql_injection",
        AttackKind.PathTraversal => "path_traversal",
        AttackKind.Xss => "xss",
        AttackKind.Jndi => "jndi",
        AttackKind.ReconTool => "recon_tool",
        AttackKind.SecretFiles => "secret_files",
        AttackKind.RateBot => "rate_bot",
        AttackKind.SshBruteForce => "ssh_brute_force",
        AttackKind.SshBruteForceSuccess => "ssh_brute_force_success",
        AttackKind.SshPasswordSpraying => "ssh_password_spraying",
        AttackKind.PrivilegedUserCreation => "privileged_user_creation",
        AttackKind.ClearSyslog => "clear_syslog",
        AttackKind.SshdSuspiciousError => "sshd_suspicious_error",
        AttackKind.SshUserSpoofing => "ssh_user_spoofing",
        AttackKind.ConsoleLoginBruteForce => "console_login_brute_force",
        AttackKind.ConsoleLoginWithoutMfa => "console_login_without_mfa",
        AttackKind.RootUsage => "root_usage",
        AttackKind.TrailDisabled => "trail_disabled",
        AttackKind.GuardDutyDeleted => "guardduty_deleted",
        AttackKind.ConfigDisabled => "config_disabled",
        AttackKind.BackdoorAccessKey => "backdoor_access_key",
        AttackKind.LoginProfileChanged => "login_profile_changed",
        AttackKind.SecurityGroupOpened => "security_group_opened",
        AttackKind.BucketEnumeration => "bucket_enumeration",
        AttackKind.TruffleHog => "trufflehog",
        AttackKind.ImdsCredentialsOutside => "imds_credentials_outside",
        _ => "bucket_deleted",
    };
}
