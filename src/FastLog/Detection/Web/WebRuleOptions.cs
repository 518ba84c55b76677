namespace FastLog.Detection.Web;

/// <summary>
/// Thresholds and windows of the thresholded web rules, defaulting to the public rules' own
/// (the <see cref="WebRules"/> constants). Windows are fixed buckets
/// aligned to the Unix epoch (Splunk <c>bucket span</c>, Elastic <c>date_trunc</c>): exact
/// counts, no sliding. W9, W10 and W10b count in one shared bucket per client, as the public
/// rules do (Tailpipe and Sumo Logic both use 5 minutes), so they have one window.
/// </summary>
public sealed record WebRuleOptions
{
    /// <summary>The public defaults.</summary>
    public static WebRuleOptions Default { get; } = new();

    /// <summary>W9: responses 401/403 per (client, bucket), at least (Tailpipe: 10).</summary>
    public int AuthFailures { get; init; } = WebRules.AuthFailureThreshold;
    /// <summary>W10: responses 4xx/5xx per (client, bucket), at least (Sumo Logic: 350).</summary>
    public int Errors { get; init; } = WebRules.ErrorThreshold;
    /// <summary>W10b: distinct paths answered 404 per (client, bucket), at least (Sumo Logic companion: 50).</summary>
    public int NotFoundPaths { get; init; } = WebRules.NotFoundPathThreshold;
    /// <summary>The bucket W9, W10 and W10b share (Tailpipe, Sumo Logic: 5 min).</summary>
    public long ErrorWindowSeconds { get; init; } = WebRules.WindowSeconds;
    /// <summary>W11: requests per (client, bucket), more than (Tailpipe: 300).</summary>
    public int RateRequests { get; init; } = WebRules.RateThreshold;
    /// <summary>W11 bucket (Tailpipe: 1 min).</summary>
    public long RateWindowSeconds { get; init; } = WebRules.RateWindowSeconds;
    /// <summary>W11b: requests per (client, user agent), at least (Tailpipe: 100).</summary>
    public int BotRequests { get; init; } = WebRules.BotMinRequests;
    /// <summary>W11b: average requests per second of a (client, user agent), more than (Tailpipe: 2).</summary>
    public double BotRate { get; init; } = WebRules.BotMinRate;
    /// <summary>W12: longest request target (path and query) in bytes (Tailpipe: 2048).</summary>
    public int MaxTargetBytes { get; init; } = WebRules.MaxTargetBytes;
}
