using FastLog.Diagnostics;

namespace FastLog.Formats;

/// <summary>
/// One line-based format's "parse one line into the batch row", driven by <see cref="LineBlockLoop"/>,
/// which owns everything around it. Implemented by a struct per format (often a ref struct over the
/// parser and its per-block state) so the loop is compiled once per format with direct calls:
/// no interface or virtual call per line.
/// </summary>
public interface ILineParser
{
    /// <summary>
    /// True when <see cref="ParseLine"/> finds the line's LF itself (a structural walk already
    /// passes it); the loop then neither searches for it nor sorts out blank lines.
    /// </summary>
    static abstract bool WalksToLineFeed { get; }

    /// <summary>
    /// Parses the line at <paramref name="lineStart"/> into row <c>Count</c> of the batch: its fields
    /// and its <c>Line</c> range (the loop writes <c>LineIndex</c> and <c>FileOffset</c>).
    /// <paramref name="contentEnd"/> is where the line ends without its LF and a CR before it (never
    /// <paramref name="lineStart"/>: blank lines do not come here), and <paramref name="lineFeed"/>
    /// its LF; a parser that <see cref="WalksToLineFeed"/> gets -1 for both and sets <paramref name="lineFeed"/>.
    /// <paramref name="fileOffset"/> is the line's first byte in the input.
    /// </summary>
    LineOutcome ParseLine(ReadOnlySpan<byte> block, int lineStart, int contentEnd, ref int lineFeed, long fileOffset,
        ParseCounters counters, out MalformedReason reason);

    /// <summary>The bytes the batch's ranges point into when it is handed on: the block, or the parser's copy of its lines.</summary>
    ReadOnlySpan<byte> Rows(ReadOnlySpan<byte> block);

    /// <summary>Called after each batch is handed on (a parser that copies lines starts its copy over).</summary>
    void BatchConsumed();
}
