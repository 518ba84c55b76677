namespace FastLog.Detection.CloudTrail;

/// <summary>Threshold and window of C1b, defaulting to Splunk's (&gt; 20 per sourceIPAddress, <c>bucket span=10m</c>).</summary>
public sealed record CloudTrailRuleOptions
{
    /// <summary>The public defaults.</summary>
    public static CloudTrailRuleOptions Default { get; } = new();

    /// <summary>C1b: failed console logins per (source, bucket), more than.</summary>
    public int FailedLogins { get; init; } = 20;
    /// <summary>C1b bucket.</summary>
    public long FailedLoginWindowSeconds { get; init; } = 600;
}
