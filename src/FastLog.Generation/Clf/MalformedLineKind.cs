namespace FastLog.Generation.Clf;

/// <summary>The damaged lines real access logs contain, about 0.1 % of background lines; every one fails the strict grammar.</summary>
internal enum MalformedLineKind
{
    /// <summary>A line cut before its request's closing quote (a crash or a full disk mid-write).</summary>
    Truncated,
    /// <summary>Two records on one line, the first one's LF lost (interleaved writers).</summary>
    Glued,
    /// <summary>Bytes that are no record at all (binary junk, a TLS hello logged as text) without spaces or quotes.</summary>
    Garbage,
    /// <summary>An empty line (counted as blank, not parsed).</summary>
    Blank,
}
