namespace FastLog.Formats;

/// <summary>What one line of a block turned out to be.</summary>
public enum LineOutcome : byte
{
    /// <summary>A record, written to the batch's current row.</summary>
    Parsed,
    /// <summary>Counted as a line but not a record: empty, or a directive that carries no record (W3C <c>#</c> lines).</summary>
    Blank,
    /// <summary>Not a record: counted and sampled as malformed with its reason.</summary>
    Malformed,
}
