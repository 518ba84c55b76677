namespace FastLog.Detection.Auth;

/// <summary>
/// Thresholds and windows of the windowed auth rules, defaulting to the public rules' own
/// (README, `detect`). Windows are fixed buckets aligned to the Unix epoch (Elastic
/// ES|QL <c>date_trunc</c>, Splunk <c>bucket span</c>): exact counts, no sliding.
/// </summary>
public sealed record AuthRuleOptions
{
    /// <summary>The public defaults.</summary>
    public static AuthRuleOptions Default { get; } = new();

    /// <summary>L2: failed logins per (host, source) bucket, at least (Elastic: 60).</summary>
    public int BruteForceFailures { get; init; } = 60;
    /// <summary>L2 bucket (Elastic: 30 s).</summary>
    public long BruteForceWindowSeconds { get; init; } = 30;
    /// <summary>L2b: failed logins per (host, source) bucket, more than (Sigma legacy: 30).</summary>
    public int LegacyBruteForceFailures { get; init; } = 30;
    /// <summary>L2b bucket (Sigma legacy: 600 s).</summary>
    public long LegacyBruteForceWindowSeconds { get; init; } = 600;
    /// <summary>L3: failures before the accepted login, at least (Elastic: 25).</summary>
    public int SuccessfulBruteForceFailures { get; init; } = 25;
    /// <summary>L3 bucket (Elastic: 15 s).</summary>
    public long SuccessfulBruteForceWindowSeconds { get; init; } = 15;
    /// <summary>L3b: failures before the accepted login, at least (Sigma example: 10).</summary>
    public int SuccessAfterFailuresCount { get; init; } = 10;
    /// <summary>L3b bucket (Sigma example: 10 min).</summary>
    public long SuccessAfterFailuresWindowSeconds { get; init; } = 600;
    /// <summary>L4: distinct users per (source, bucket), more than (Elastic: 10).</summary>
    public int SprayUsers { get; init; } = 10;
    /// <summary>L4: failed logins per (source, bucket), at least (Elastic: 30).</summary>
    public int SprayFailures { get; init; } = 30;
    /// <summary>L4 bucket (Elastic: 5 min).</summary>
    public long SprayWindowSeconds { get; init; } = 300;
    /// <summary>Private networks L2 ignores (Elastic excludes RFC 1918 and the like), plus <c>--internal</c>.</summary>
    public AddressClass Addresses { get; init; } = AddressClass.Default;
}
