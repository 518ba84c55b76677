namespace FastLog.Runs;

/// <summary>What happened to one input.</summary>
public sealed class InputResult
{
    /// <summary>The path as given (<c>-</c> for stdin).</summary>
    public required string Path { get; init; }
    /// <summary>Format name used (detected or forced), or null when the input was not read.</summary>
    public string? Format { get; set; }
    /// <summary>True when no format could be detected and <c>combined</c> was assumed.</summary>
    public bool FormatGuessed { get; set; }
    /// <summary>True when the input is a CloudTrail digest file, skipped unread (no format, no lines).</summary>
    public bool SkippedDigest { get; set; }
    /// <summary>Bytes read (decompressed for gzip).</summary>
    public long Bytes;
    /// <summary>Lines read.</summary>
    public long Lines;
    /// <summary>When the run hashes its inputs (a partial): the identity of the bytes read from a file cut into chunks (<see cref="Input.BlockHashes"/>); null otherwise.</summary>
    public UInt128? ContentHash { get; set; }
    /// <summary>With <c>--shard</c>: the byte range of the file the shard's chunks cover; null when the input was not cut into chunks.</summary>
    public (long Start, long End)? ShardRange { get; set; }
    /// <summary>Why the input is incomplete (unreadable, changed, corrupt), or null.</summary>
    public string? Error { get; set; }
    /// <summary>Something the input holds that was ignored without losing records (bytes after the last gzip member), or null.</summary>
    public string? Warning { get; set; }
}
