namespace FastLog.Generation.Lines;

/// <summary>What a background line of a <see cref="LineSegmentGenerator{TContext}"/> is.</summary>
internal enum LineKind
{
    /// <summary>A record the format's grammar accepts.</summary>
    Record,
    /// <summary>A line meant to fail the grammar (or a blank line).</summary>
    Malformed,
    /// <summary>A directive line (W3C <c>#Fields:</c> block): neither record nor malformed.</summary>
    Header,
}
