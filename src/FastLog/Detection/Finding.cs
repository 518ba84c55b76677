namespace FastLog.Detection;

/// <summary>One line kept as evidence of a finding.</summary>
/// <param name="InputIndex">Input of the line.</param>
/// <param name="ChunkIndex">Chunk within the input.</param>
/// <param name="LineIndexInChunk">0-based line index within the chunk (fixed up to a line number when reported).</param>
/// <param name="FileOffset">Byte offset of the line in its input.</param>
/// <param name="Excerpt">At most 200 raw bytes of the line (escaped at the sink).</param>
/// <param name="SuspectContinuation">The line directly follows one that ended inside an open quote (a possible forged line).</param>
public sealed record Evidence(int InputIndex, int ChunkIndex, long LineIndexInChunk, long FileOffset, byte[] Excerpt, bool SuspectContinuation = false)
{
    /// <summary>Evidence lines kept per finding: the first ones in input order.</summary>
    public const int MaxPerFinding = 3;

    /// <summary>Bytes of a line kept.</summary>
    public const int MaxExcerptBytes = 200;

    /// <summary>Input order.</summary>
    public static int CompareInputOrder(Evidence a, Evidence b)
    {
        var c = a.InputIndex.CompareTo(b.InputIndex);
        return c != 0 ? c : a.FileOffset.CompareTo(b.FileOffset);
    }
}

/// <summary>
/// What a rule found about one source: per-event rules give one finding per (rule, client) with
/// every matching event counted; thresholded rules give one per (rule, client) over the windows
/// that crossed the threshold.
/// </summary>
/// <param name="Rule">The rule.</param>
/// <param name="SourceIp">The client address, as the server wrote it (never taken from request text).</param>
/// <param name="EventCount">Matching events (for thresholded rules: the events in the windows over the threshold).</param>
/// <param name="Windows">Windows over the threshold (0 for per-event rules).</param>
/// <param name="FirstUnixSeconds">Earliest event (or start of the first window).</param>
/// <param name="LastUnixSeconds">Latest event (or end of the last window).</param>
/// <param name="UserAgent">A user agent of the events (the first in input order), or null.</param>
/// <param name="Url">A request target of the events (the first in input order), or null.</param>
/// <param name="Evidence">Up to <see cref="Detection.Evidence.MaxPerFinding"/> lines, in input order.</param>
public sealed record Finding(DetectionRule Rule, byte[] SourceIp, long EventCount, long Windows, long FirstUnixSeconds, long LastUnixSeconds,
    byte[]? UserAgent, byte[]? Url, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>The host the events were logged on (syslog HOSTNAME), or null.</summary>
    public byte[]? Host { get; init; }

    /// <summary>The user the events name (sshd user, CloudTrail user), or null; empty <see cref="SourceIp"/> means the events had no source address.</summary>
    public byte[]? User { get; init; }

    /// <summary>
    /// Null when <see cref="SourceIp"/> is the client address; else the field whose value it holds
    /// (a custom rule's <c>group_by</c>, e.g. <c>user</c>), and the finding is not about a source address.
    /// </summary>
    public string? GroupField { get; init; }

    /// <summary>Country and autonomous system of the source address (<c>--geoip</c>), or null.</summary>
    public Enrichment.GeoInfo? Geo { get; init; }
}
