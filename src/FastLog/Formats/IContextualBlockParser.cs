using FastLog.Columns;

namespace FastLog.Formats;

/// <summary>
/// A block parser whose records may depend on a bounded stretch of the lines before them (an
/// sshd session's earlier lines, the line a record directly follows). The input layer calls
/// <see cref="BeginChunk"/> before the first block of every chunk, so a chunk's records are the
/// same whichever worker parses it and however the input was split.
/// </summary>
/// <remarks>
/// Contract: <c>preceding</c> is <c>[0, preceding.Length)</c>, empty or whole lines (starting at a
/// line start, ending with <c>\n</c>) that end exactly where the chunk starts, and it holds at
/// least every line that starts within <see cref="LookbackBytes"/> before the chunk, plus the
/// line just before the chunk when that line is at most the maximum line length long; no line in
/// it is longer than that (a lookback is never longer than a maximal line). A parser
/// reads it for context only: it counts nothing and hands on no record. Within a chunk the
/// parser must use no context from further back than these same bounds, so the lookback and the
/// chunk's own earlier lines give it the same answer.
/// </remarks>
public interface IContextualBlockParser : IBlockParser
{
    /// <summary>False when this instance reads no context after all (a syslog parser without auth fields): no lookback is read, and a prefilter may skip its lines.</summary>
    bool UsesContext { get; }

    /// <summary>Bytes before a line whose lines may change its record, at most the maximum line length; 0 when only the directly preceding line matters.</summary>
    int LookbackBytes { get; }

    /// <summary>
    /// Forgets all context and reads <paramref name="preceding"/>, whose first byte is at
    /// <c>origin.FileOffset</c> of input <c>origin.InputIndex</c> (see the contract above).
    /// </summary>
    void BeginChunk(ReadOnlySpan<byte> preceding, in BlockOrigin origin);
}
