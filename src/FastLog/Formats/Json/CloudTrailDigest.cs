namespace FastLog.Formats.Json;

/// <summary>
/// CloudTrail digest files (<c>AWSLogs/ACCOUNT/CloudTrail-Digest/REGION/…json.gz</c>): one JSON
/// object per hour that signs the trail's log files (<c>digestStartTime</c>, <c>digestEndTime</c>,
/// <c>digestPublicKeyFingerprint</c>, <c>logFiles</c>, …) and holds no event. S3 delivers them
/// beside the trail files, so a recursive read of a bucket meets them; they are recognised by
/// content, whatever their path, and skipped (counted as <c>skipped_digest</c>).
/// </summary>
public static class CloudTrailDigest
{
    // Digests write these before logFiles (and sorting keys keeps them before it), so the first
    // 64 KiB hold them even when logFiles is long. An event has none of them.
    private static readonly byte[][] s_keys = JsonLineProbe.Keys("digestStartTime", "digestEndTime", "digestPublicKeyFingerprint", "Records");
    private const uint DigestKeys = 0b0111;

    /// <summary>
    /// True when <paramref name="sample"/> (an input's first bytes) opens with an object whose
    /// top-level keys, as far as the sample goes, include the three digest keys and not <c>Records</c>.
    /// </summary>
    public static bool IsDigest(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith("\uFEFF"u8)) sample = sample[3..];
        return JsonLineProbe.TryReadKeys(sample, s_keys, final: false, out var mask) && mask == DigestKeys;
    }
}
